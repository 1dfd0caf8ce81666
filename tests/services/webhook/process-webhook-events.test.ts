import { randomUUID } from "node:crypto";
import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { checkoutOrders, licenses, subscriptions, transactions, webhookEvents } from "@/db/schema";
import { processWebhookEvents } from "@/services/webhook/process-webhook-events";
import { storeWebhookEvent } from "@/services/webhook/store-webhook-event";
import { checkoutEvent, simulatedEvent, simulatedOrder } from "@/tests/support/provisioning-fixtures";
import { setupTestDatabase } from "@/tests/support/test-database";

const database = setupTestDatabase();
const db = () => database.current.connection.db;

/** Stores verified simulated events as the intake does, without processing them. */
async function store(...bodies: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const body of bodies) {
    const { id, type } = JSON.parse(body) as { id: string; type: string };
    const stored = await storeWebhookEvent(db(), "simulated", { providerEventId: id, type, environment: "test" }, body);
    ids.push(stored.id);
  }
  return ids;
}
const asNewEvent = (body: string) => JSON.stringify({ ...JSON.parse(body), id: `sim_evt_${randomUUID()}` });
const statusesOf = async (ids: string[]) =>
  (await db().select().from(webhookEvents).where(inArray(webhookEvents.id, ids))).map((row) => row.status);

describe("processing webhook events together", () => {
  it("provisions a batch in one go: one license per order, one tenant per buyer, one transaction per payment", async () => {
    const paidAt = new Date("2026-11-25T09:00:00.000Z");
    const first = await simulatedOrder(db(), {}, "twice@example.com");
    const second = await simulatedOrder(db(), {}, "Twice@Example.com");
    const monthly = await simulatedOrder(db(), { kind: "subscription", billingInterval: "month" });
    const ids = await store(
      checkoutEvent(first, "approved", paidAt),
      asNewEvent(checkoutEvent(first, "approved", paidAt)),
      checkoutEvent(second, "approved", paidAt),
      checkoutEvent(monthly, "approved", paidAt),
    );

    const outcomes = await processWebhookEvents(db(), ids);
    expect(outcomes).toEqual(ids.map(() => ({ ok: true, outcome: "processed" })));
    const orderIds = [first.orderId, second.orderId, monthly.orderId];
    const issued = await db().select().from(licenses).where(inArray(licenses.checkoutOrderId, orderIds));
    expect(issued).toHaveLength(3);
    // One buyer, one tenant, two licenses issued in the same millisecond: two keys all the same.
    const [a, b] = [first, second].map((order) => issued.find((l) => l.checkoutOrderId === order.orderId)!);
    expect(a!.tenantId).toBe(b!.tenantId);
    expect(a!.key).not.toBe(b!.key);
    const payments = await db().select().from(transactions).where(inArray(transactions.checkoutOrderId, orderIds));
    expect(payments).toHaveLength(3);
    const [subscription] = await db()
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.providerSubscriptionId, `sim_sub_${monthly.orderId}`));
    expect(issued.find((l) => l.checkoutOrderId === monthly.orderId)).toMatchObject({
      subscriptionId: subscription!.id,
      expiresAt: subscription!.currentPeriodEnd,
    });
    const orders = await db().select().from(checkoutOrders).where(inArray(checkoutOrders.id, orderIds));
    expect(orders.map((order) => order.status)).toEqual(["paid", "paid", "paid"]);

    expect(await processWebhookEvents(db(), ids)).toEqual(ids.map(() => ({ ok: true, outcome: "skipped" })));
  });

  it("lets an event that cannot apply yet fail alone, and the rest of its batch commit", async () => {
    const order = await simulatedOrder(db());
    const early = simulatedEvent("subscription.renewed", {
      subscriptionId: `sim_sub_${randomUUID()}`,
      paymentId: `sim_pay_${randomUUID()}`,
      amountMinor: 19_00,
      currency: "USD",
      periodEnd: new Date().toISOString(),
    });
    const unreadable = simulatedEvent("checkout.completed", { orderId: "not-an-order" });
    const ids = await store(checkoutEvent(order), early, unreadable);

    const [paid, renewal, broken] = await processWebhookEvents(db(), ids);
    expect(paid).toEqual({ ok: true, outcome: "processed" });
    expect(renewal).toMatchObject({ ok: false, error: { name: "SubscriptionNotYetKnownError" } });
    expect(broken).toMatchObject({ ok: false, error: { name: "PermanentJobError" } });
    expect(await statusesOf(ids)).toEqual(expect.arrayContaining(["processed", "received", "received"]));
  });

  it("falls back to one event at a time when the batch cannot apply, so only the bad event fails", async () => {
    const order = await simulatedOrder(db());
    const orphan = checkoutEvent({ orderId: randomUUID(), product: order.product });
    const ids = await store(checkoutEvent(order), orphan);

    const [paid, missing] = await processWebhookEvents(db(), ids);
    expect(paid).toEqual({ ok: true, outcome: "processed" });
    expect(missing).toMatchObject({ ok: false, error: { message: expect.stringMatching(/No checkout order/) } });
    expect(await db().select().from(licenses).where(eq(licenses.checkoutOrderId, order.orderId))).toHaveLength(1);
  });
});
