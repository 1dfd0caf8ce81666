import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as gumroad } from "@/app/api/webhooks/gumroad/route";
import { POST as paypal } from "@/app/api/webhooks/paypal/route";
import { POST as simulated } from "@/app/api/webhooks/simulated/route";
import { POST as stripe } from "@/app/api/webhooks/stripe/route";
import { closeDatabase } from "@/db/client";
import { webhookEvents, type WebhookEvent } from "@/db/schema";
import { setProcessEnv } from "@/lib/env";
import { getLogger } from "@/lib/logger";
import { closeJobQueue, startJobWorkers } from "@/services/jobs";
import { redisUrl } from "@/tests/support/services";
import { setupTestDatabase } from "@/tests/support/test-database";
import { waitFor } from "@/tests/support/wait-for";
import { startWebhookSenders } from "@/tests/support/webhook-senders";

const database = setupTestDatabase();
let senders: Awaited<ReturnType<typeof startWebhookSenders>>;
let workers: Awaited<ReturnType<typeof startJobWorkers>> | undefined;

beforeAll(async () => {
  senders = await startWebhookSenders();
  setProcessEnv(senders.env);
  // With Redis the app only enqueues; a worker like `npm run worker` runs the jobs.
  if (redisUrl) workers = await startJobWorkers({ logger: getLogger() });
});

afterAll(async () => {
  await workers?.close();
  await closeJobQueue();
  senders.close();
});

const db = () => database.current.connection.db;
const rowsFor = (providerEventId: string) =>
  db().select().from(webhookEvents).where(eq(webhookEvents.providerEventId, providerEventId));
const allRows = () => db().select().from(webhookEvents);

async function processed(providerEventId: string): Promise<WebhookEvent> {
  return waitFor(
    async () => (await rowsFor(providerEventId)).find((row) => row.status === "processed"),
    15_000,
    `${providerEventId} to be processed`,
  );
}

async function send(handler: (request: Request) => Promise<Response>, request: Request) {
  const response = await handler(request);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const eventId = (request: Request) =>
  request
    .clone()
    .text()
    .then((body) => (JSON.parse(body) as { id: string }).id);

describe.each([
  ["stripe", stripe, () => senders.stripe()],
  ["paypal", paypal, () => senders.paypalEvent()],
  ["simulated", simulated, () => senders.simulated()],
] as const)("POST /api/webhooks/%s", (provider, handler, signed) => {
  it("stores a verified event, acknowledges it, and processes it once", async () => {
    const request = signed()();
    const id = await eventId(request);
    expect(await send(handler, request)).toEqual({
      status: 200,
      body: { received: true, duplicate: false, status: "received" },
    });
    const row = await processed(id);
    expect(row).toMatchObject({ provider, environment: "test", attempts: 1, lastError: null });
    expect(row.processedAt).toBeInstanceOf(Date);
  });

  it("refuses a tampered body with 400 and stores nothing", async () => {
    const request = signed()();
    const body = await request.text();
    const tampered = new Request(request.url, { method: "POST", headers: request.headers, body: `${body} ` });
    const before = (await allRows()).length;
    const { status, body: answer } = await send(handler, tampered);
    expect(status).toBe(400);
    expect(answer).toEqual({ error: { code: "signature_invalid", message: "The signature could not be verified." } });
    expect((await allRows()).length).toBe(before);
  });

  it("refuses a request without a signature with 400 and stores nothing", async () => {
    const request = signed()();
    const bare = new Request(request.url, { method: "POST", body: await request.text() });
    const before = (await allRows()).length;
    expect((await send(handler, bare)).status).toBe(400);
    expect((await allRows()).length).toBe(before);
  });

  it("takes the same event ten times, also at once: one row, processed once", async () => {
    const make = signed();
    const id = await eventId(make());
    const answers = await Promise.all(Array.from({ length: 5 }, () => send(handler, make())));
    for (let i = 0; i < 5; i++) answers.push(await send(handler, make()));
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    expect(answers.filter((answer) => answer.body.duplicate === false)).toHaveLength(1);
    await processed(id);
    // Late duplicates changed nothing either.
    expect(await send(handler, make())).toMatchObject({ body: { duplicate: true, status: "processed" } });
    const rows = await rowsFor(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "processed", attempts: 1 });
  });
});

describe("POST /api/webhooks/stripe, specifics", () => {
  it("stores an event of a type nobody handles as ignored, and acknowledges it", async () => {
    const request = senders.stripe({ type: "customer.created" })();
    const id = await eventId(request);
    expect(await send(stripe, request)).toMatchObject({ status: 200, body: { status: "ignored" } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await rowsFor(id)).toMatchObject([{ status: "ignored", attempts: 0, processedAt: null }]);
  });

  it("marks live-mode events live", async () => {
    const request = senders.stripe({ livemode: true })();
    const id = await eventId(request);
    await send(stripe, request);
    expect((await processed(id)).environment).toBe("live");
  });

  it("refuses a delivery replayed after the tolerance window, and stores nothing", async () => {
    const request = senders.stripe({}, { timestamp: Math.floor(Date.now() / 1000) - 301 })();
    const id = await eventId(request);
    expect((await send(stripe, request)).status).toBe(400);
    expect(await rowsFor(id)).toEqual([]);
  });

  it("answers 404 when Stripe is not configured, without telling a stranger which setting", async () => {
    setProcessEnv({ STRIPE_SECRET_KEY: undefined, STRIPE_WEBHOOK_SECRET: undefined });
    try {
      const { status, body } = await send(stripe, senders.stripe()());
      expect(status).toBe(404);
      expect(body).toEqual({ error: { code: "not_found", message: "Stripe webhooks are not accepted here." } });
    } finally {
      setProcessEnv(senders.env);
    }
  });

  it("answers 503 when the database is down, so the provider retries", async () => {
    await closeDatabase();
    setProcessEnv({ DATABASE_URL: "postgresql://postgres@127.0.0.1:1/nothing" });
    try {
      expect(await send(stripe, senders.stripe()())).toMatchObject({
        status: 503,
        body: { error: { code: "service_unavailable" } },
      });
    } finally {
      await closeDatabase();
      setProcessEnv(database.current.env);
    }
  });
});

describe("POST /api/webhooks/gumroad", () => {
  it("stores a ping with the right token and seller, and processes it", async () => {
    const request = senders.gumroad({ test: "true" })();
    const payload = await request.clone().text();
    expect(await send(gumroad, request)).toMatchObject({ status: 200, body: { duplicate: false } });
    const row = (await allRows()).find((r) => r.provider === "gumroad" && r.payload === payload);
    expect(row).toBeDefined();
    await processed(row!.providerEventId);
  });

  it("takes the same ping ten times, also at once: one row, processed once", async () => {
    const make = senders.gumroad({ type: "upgrade" });
    const payload = await make().text();
    const answers = await Promise.all(Array.from({ length: 10 }, () => send(gumroad, make())));
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    expect(answers.filter((answer) => answer.body.duplicate === false)).toHaveLength(1);
    const rows = (await allRows()).filter((r) => r.payload === payload);
    expect(rows).toHaveLength(1);
    expect(await processed(rows[0]!.providerEventId)).toMatchObject({ type: "subscription_updated", attempts: 1 });
  });

  it("refuses a wrong token or another seller with 401 and stores nothing", async () => {
    const before = (await allRows()).length;
    const wrongToken = await send(gumroad, senders.gumroad({}, "not-the-token")());
    expect(wrongToken).toEqual({
      status: 401,
      body: { error: { code: "unauthorized", message: "Authentication is required." } },
    });
    expect((await send(gumroad, senders.gumroad({ seller_id: "someone-else" })())).status).toBe(401);
    expect((await allRows()).length).toBe(before);
  });

  it("refuses a body over a megabyte with 400", async () => {
    const huge = new Request("http://localhost/api/webhooks/gumroad", {
      method: "POST",
      body: "x".repeat(1024 * 1024 + 1),
    });
    expect((await send(gumroad, huge)).status).toBe(400);
  });
});
