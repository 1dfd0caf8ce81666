import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { webhookEvents } from "@/db/schema";
import { signSimulatedWebhook } from "@/gateways/simulated/simulated-signature";
import { setProcessEnv } from "@/lib/env";
import { toErrorBody } from "@/lib/errors";
import { getLogger } from "@/lib/logger";
import { closeJobQueue } from "@/services/jobs";
import { receiveWebhook } from "@/services/webhook/receive-webhook";
import { setupTestDatabase } from "@/tests/support/test-database";
import { GUMROAD, SIMULATED_WEBHOOK_SECRET, startWebhookSenders } from "@/tests/support/webhook-senders";

const database = setupTestDatabase();
let senders: Awaited<ReturnType<typeof startWebhookSenders>>;

beforeAll(async () => {
  senders = await startWebhookSenders();
  setProcessEnv(senders.env);
});

afterAll(async () => {
  await closeJobQueue();
  senders.close();
});

const countRows = () => database.current.connection.db.$count(webhookEvents);

/** What the webhook route answers for a request: its status, and the error body if refused. */
async function deliver(request: Request) {
  const provider = new URL(request.url).pathname.split("/").pop() as "stripe" | "paypal" | "gumroad" | "simulated";
  try {
    const received = await receiveWebhook(provider, {
      rawBody: await request.text(),
      headers: request.headers,
      searchParams: new URL(request.url).searchParams,
    });
    return { status: 200, received };
  } catch (error) {
    return toErrorBody(error);
  }
}

const simulated = (body: string) =>
  new Request("http://localhost/api/webhooks/simulated", {
    method: "POST",
    body,
    headers: { "simulated-signature": signSimulatedWebhook(body, SIMULATED_WEBHOOK_SECRET) },
  });

// Validly signed by each provider's own scheme; types nobody handles, so nothing is processed.
const unstorable: [string, string, () => Request][] = [
  ["a Stripe event with an id of 10,000 characters", "id", () => senders.stripe({ id: `evt_${"x".repeat(10_000)}` })()],
  ["a Stripe event whose type holds a NUL", "type", () => senders.stripe({ type: "customer.\u0000created" })()],
  ["a PayPal event whose id holds a NUL", "id", () => senders.paypalEvent({ id: `WH-\u0000${randomUUID()}` })()],
  [
    "a PayPal event whose type holds control characters",
    "type",
    () => senders.paypalEvent({ type: "A\u0007\u001bB" })(),
  ],
  ["a Gumroad ping whose resource name holds a NUL", "type", () => senders.gumroad({ resource_name: "sale\u0000" })()],
  ["a Gumroad ping whose body holds an escaped NUL", "payload", () => senders.gumroad({ email: "a\u0000@x.test" })()],
  [
    "a simulated event whose payload holds \\u0000",
    "payload",
    () => simulated(JSON.stringify({ id: `sim_${randomUUID()}`, type: "checkout.noted", note: "a\u0000b" })),
  ],
  [
    "a Gumroad ping whose body holds a raw NUL",
    "payload",
    () => senders.gumroadPing(`seller_id=${GUMROAD.seller}&resource_name=sale&email=a\u0000@x.test`)(),
  ],
];

describe("receiveWebhook, for a signed event the store cannot hold", () => {
  it.each(unstorable)("refuses %s with 422 naming the %s, and stores nothing", async (_name, field, request) => {
    const before = await countRows();
    const { status, body } = (await deliver(request())) as ReturnType<typeof toErrorBody>;
    expect(status).toBe(422);
    expect(body.error).toEqual({ code: "validation_failed", field, message: expect.stringMatching(`^${field}: `) });
    expect(body.error.message).not.toMatch(/\u0000|xxxx|postgres|0x00/i);
    expect(await countRows()).toBe(before);
  });

  it("refuses a JSON payload holding a raw NUL as not JSON, with 400", async () => {
    const body = `{"id":"sim_${randomUUID()}","type":"checkout.noted"}\u0000`;
    expect(await deliver(simulated(body))).toMatchObject({
      status: 400,
      body: { error: { code: "signature_invalid" } },
    });
  });

  it("logs the refusal as a warning with the provider and the reason, never the value", async () => {
    const warn = vi.spyOn(getLogger(), "warn");
    try {
      await deliver(senders.stripe({ type: `customer.created${"\u0001".repeat(3)}` })());
      expect(warn).toHaveBeenCalledWith(
        { provider: "stripe", field: "type", reason: "type: contains control characters" },
        expect.any(String),
      );
    } finally {
      warn.mockRestore();
    }
  });

  it("still stores the good events delivered with it, at once", async () => {
    const before = await countRows();
    const answers = await Promise.all([
      deliver(senders.stripe({ type: "customer.created" })()),
      deliver(senders.stripe({ id: `evt_${"y".repeat(10_000)}`, type: "customer.created" })()),
      deliver(senders.paypalEvent({ type: "PAYMENTS.NOTED" })()),
      deliver(senders.stripe({ type: "customer.\u0000created" })()),
      deliver(simulated(JSON.stringify({ id: `sim_${randomUUID()}`, type: "checkout.noted" }))),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 422, 200, 422, 200]);
    expect(await countRows()).toBe(before + 3);
  });
});
