import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as simulatedWebhook } from "@/app/api/webhooks/simulated/route";
import { checkoutOrders, webhookEvents } from "@/db/schema";
import { setProcessEnv } from "@/lib/env";
import { getLogger } from "@/lib/logger";
import { closeJobQueue, startJobWorkers } from "@/services/jobs";
import { completeSimulatedCheckout, createCheckoutSession, CreateCheckoutInputSchema } from "@/services/payment";
import { createProduct } from "@/tests/support/license-fixtures";
import { redisUrl } from "@/tests/support/services";
import { setupTestDatabase } from "@/tests/support/test-database";
import { waitFor } from "@/tests/support/wait-for";

const database = setupTestDatabase();
const db = () => database.current.connection.db;
let server: http.Server;
let webhookUrl: string;
let workers: Awaited<ReturnType<typeof startJobWorkers>> | undefined;

// The app's webhook route behind a real HTTP listener, as `next start` serves it.
beforeAll(async () => {
  setProcessEnv({
    SIMULATED_PROVIDER: "true",
    SIMULATED_WEBHOOK_SECRET: "simulated-secret-for-checkout-tests-0123",
    QUEUE_PREFIX: `test-${randomUUID().slice(0, 8)}`,
    REDIS_URL: redisUrl,
  });
  server = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      const headers = new Headers(request.headers as Record<string, string>);
      void simulatedWebhook(new Request(`http://localhost${request.url}`, { method: "POST", body, headers })).then(
        async (answer) => {
          response.writeHead(answer.status, { "content-type": "application/json" });
          response.end(await answer.text());
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/webhooks/simulated`;
  if (redisUrl) workers = await startJobWorkers({ logger: getLogger() });
});

afterAll(async () => {
  await workers?.close();
  await closeJobQueue();
  await new Promise((resolve) => server.close(resolve));
});

async function simulatedOrder(kind: "one_time" | "subscription" = "one_time") {
  const product = await createProduct(db(), kind === "subscription" ? { kind, billingInterval: "year" } : {});
  const input = CreateCheckoutInputSchema.parse({
    productSlug: product.slug,
    provider: "simulated",
    email: "b@example.com",
  });
  return (await createCheckoutSession(input, { db: db() })).orderId;
}

const eventsOf = (orderId: string) =>
  db()
    .select()
    .from(webhookEvents)
    .where(eq(webhookEvents.providerEventId, `sim_evt_${orderId}_approved`));

describe("completeSimulatedCheckout", () => {
  it("sends the approval through the webhook intake: one signed event, stored and processed once", async () => {
    const orderId = await simulatedOrder("subscription");
    await completeSimulatedCheckout(orderId, "approved", { db: db(), webhookUrl });
    await completeSimulatedCheckout(orderId, "approved", { db: db(), webhookUrl }); // pressed twice
    const [event] = await waitFor(
      async () => ((await eventsOf(orderId))[0]?.status === "processed" ? eventsOf(orderId) : undefined),
      15_000,
      "the approval to be processed",
    );
    expect(await eventsOf(orderId)).toHaveLength(1);
    expect(event).toMatchObject({ provider: "simulated", type: "checkout.completed", environment: "test" });
    expect(JSON.parse(event!.payload)).toMatchObject({
      data: {
        orderId,
        paymentId: `sim_pay_${orderId}`,
        subscriptionId: `sim_sub_${orderId}`,
        amountMinor: 4900,
        currency: "USD",
      },
    });
  });

  it("sends a decline as a failed checkout", async () => {
    const orderId = await simulatedOrder();
    await completeSimulatedCheckout(orderId, "declined", { db: db(), webhookUrl });
    const [event] = await db()
      .select()
      .from(webhookEvents)
      .where(eq(webhookEvents.providerEventId, `sim_evt_${orderId}_declined`));
    expect(event).toMatchObject({ type: "checkout.failed" });
    expect(JSON.parse(event!.payload).data).toMatchObject({ paymentId: null, subscriptionId: null });
  });

  it("answers only pending simulated orders that exist", async () => {
    const missing = await completeSimulatedCheckout(randomUUID(), "approved", { db: db(), webhookUrl }).catch(
      (e: unknown) => e,
    );
    expect(missing).toMatchObject({ code: "not_found" });
    const orderId = await simulatedOrder();
    await db().update(checkoutOrders).set({ status: "paid" }).where(eq(checkoutOrders.id, orderId));
    const done = await completeSimulatedCheckout(orderId, "approved", { db: db(), webhookUrl }).catch(
      (e: unknown) => e,
    );
    expect(done).toMatchObject({ code: "refused" });
  });

  it("takes no answer once the simulated provider is off, even for an order made while it was on", async () => {
    const orderId = await simulatedOrder();
    setProcessEnv({ SIMULATED_PROVIDER: "false" });
    try {
      const refused = await completeSimulatedCheckout(orderId, "approved", { db: db(), webhookUrl }).catch(
        (e: unknown) => e,
      );
      expect(refused).toMatchObject({ code: "refused", userMessage: "Simulated payments are not taken here." });
      expect(await eventsOf(orderId)).toHaveLength(0);
    } finally {
      setProcessEnv({ SIMULATED_PROVIDER: "true" });
    }
  });

  it("fails when the webhook endpoint refuses the event or cannot be reached", async () => {
    const orderId = await simulatedOrder();
    const refusing = http.createServer((_request, response) => {
      response.writeHead(400).end();
    });
    await new Promise<void>((resolve) => refusing.listen(0, "127.0.0.1", resolve));
    const refusingUrl = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}/`;
    const refused = await completeSimulatedCheckout(orderId, "approved", { db: db(), webhookUrl: refusingUrl }).catch(
      (e: unknown) => e,
    );
    await new Promise((resolve) => refusing.close(resolve));
    expect(refused).toMatchObject({ code: "gateway_error", details: { status: 400, transient: false } });
    const unreachable = await completeSimulatedCheckout(orderId, "approved", {
      db: db(),
      webhookUrl: "http://127.0.0.1:9/",
    }).catch((e: unknown) => e);
    expect(unreachable).toMatchObject({ code: "gateway_error", details: { transient: true } });
  });
});
