import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { checkoutOrders, licenses, subscriptions, tenants, transactions, webhookEvents } from "@/db/schema";
import { LICENSE_TERM_DAYS } from "@/services/license";
import { processWebhookEvent } from "@/services/webhook/process-webhook-event";
import { checkoutEvent, deliver, simulatedEvent, simulatedOrder } from "@/tests/support/provisioning-fixtures";
import { setupTestDatabase } from "@/tests/support/test-database";

const database = setupTestDatabase();
const db = () => database.current.connection.db;
const DAY = 24 * 60 * 60 * 1000;
const rowsOf = {
  order: async (id: string) => (await db().select().from(checkoutOrders).where(eq(checkoutOrders.id, id)))[0]!,
  licenses: (orderId: string) => db().select().from(licenses).where(eq(licenses.checkoutOrderId, orderId)),
  payments: (orderId: string) => db().select().from(transactions).where(eq(transactions.checkoutOrderId, orderId)),
};

describe("provisioning a paid one-time checkout", () => {
  it("makes the buyer a tenant, records the payment, issues one 365-day license and marks the order paid", async () => {
    const order = await simulatedOrder(db(), { priceMinor: 79_00 });
    const paidAt = new Date("2026-11-20T12:00:00.000Z");
    expect((await deliver(db(), checkoutEvent(order, "approved", paidAt))).outcome).toBe("processed");

    expect(await rowsOf.order(order.orderId)).toMatchObject({
      status: "paid",
      providerPaymentId: `sim_pay_${order.orderId}`,
    });
    const [payment] = await rowsOf.payments(order.orderId);
    expect(payment).toMatchObject({
      kind: "payment",
      amountMinor: 79_00,
      currency: "USD",
      status: "succeeded",
      environment: "test",
      occurredAt: paidAt,
    });
    const [tenant] = await db().select().from(tenants).where(eq(tenants.id, payment!.tenantId));
    expect(tenant).toMatchObject({ email: "buyer@example.com", domain: "shop.example" });
    const [license] = await rowsOf.licenses(order.orderId);
    expect(license).toMatchObject({
      tenantId: tenant!.id,
      productId: order.product.id,
      status: "active",
      subscriptionId: null,
      environment: "test", // play money: the license says so wherever it is checked
    });
    expect(license!.key).toMatch(new RegExp(`^AGY-${tenant!.code}-`));
    expect(license!.expiresAt.getTime() - paidAt.getTime()).toBe(LICENSE_TERM_DAYS * DAY);
  });

  it("provisions once when the payment is delivered ten times, also at once, under different event ids", async () => {
    const order = await simulatedOrder(db());
    const body = checkoutEvent(order);
    // A provider may send one payment under several event ids; each is a stored event of its own.
    const copies = Array.from({ length: 10 }, () =>
      JSON.stringify({ ...JSON.parse(body), id: `sim_evt_${randomUUID()}` }),
    );
    const results = await Promise.all(copies.map((copy) => deliver(db(), copy)));
    expect(results.every((r) => r.outcome === "processed")).toBe(true);
    expect(await rowsOf.payments(order.orderId)).toHaveLength(1);
    expect(await rowsOf.licenses(order.orderId)).toHaveLength(1);
    // And the same stored event processed again is skipped.
    expect(await processWebhookEvent(db(), results[0]!.eventId)).toBe("skipped");
  });

  it("gives a returning buyer their existing tenant, whatever the case of the email", async () => {
    const first = await simulatedOrder(db(), {}, "Repeat@Example.com");
    const second = await simulatedOrder(db(), {}, "repeat@example.com");
    await deliver(db(), checkoutEvent(first));
    await deliver(db(), checkoutEvent(second));
    const owners = await db()
      .select({ tenantId: licenses.tenantId })
      .from(licenses)
      .where(eq(licenses.productId, first.product.id));
    const again = await db()
      .select({ tenantId: licenses.tenantId })
      .from(licenses)
      .where(eq(licenses.productId, second.product.id));
    expect(owners[0]!.tenantId).toBe(again[0]!.tenantId);
    expect(await db().select().from(tenants).where(eq(tenants.email, "repeat@example.com"))).toHaveLength(1);
  });

  it("marks a declined checkout failed, and never un-pays a paid one", async () => {
    const declined = await simulatedOrder(db());
    await deliver(db(), checkoutEvent(declined, "declined"));
    expect(await rowsOf.order(declined.orderId)).toMatchObject({ status: "failed" });
    expect(await rowsOf.licenses(declined.orderId)).toHaveLength(0);

    const paid = await simulatedOrder(db());
    await deliver(db(), checkoutEvent(paid, "approved"));
    await deliver(db(), checkoutEvent(paid, "declined"));
    expect(await rowsOf.order(paid.orderId)).toMatchObject({ status: "paid" });
  });

  it("fails an event for an order that does not exist, for good", async () => {
    const ghost = { orderId: randomUUID(), product: { priceMinor: 100, currency: "USD", kind: "one_time" } };
    const error = await deliver(db(), checkoutEvent(ghost)).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "PermanentJobError" });
    const unreadable = simulatedEvent("checkout.completed", { orderId: "not-a-uuid" });
    expect(await deliver(db(), unreadable).catch((e: unknown) => e)).toMatchObject({ name: "PermanentJobError" });
  });
});

describe("provisioning a subscription", () => {
  const monthly = { kind: "subscription" as const, billingInterval: "month" as const, priceMinor: 19_00 };

  async function activeSubscription(paidAt = new Date("2026-11-01T00:00:00.000Z")) {
    const order = await simulatedOrder(db(), monthly);
    await deliver(db(), checkoutEvent(order, "approved", paidAt));
    const [license] = await rowsOf.licenses(order.orderId);
    const [subscription] = await db()
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.id, license!.subscriptionId!));
    return { order, license: license!, subscription: subscription! };
  }
  const renewal = (providerSubscriptionId: string, created: Date, paymentId = `sim_pay_${randomUUID()}`) =>
    simulatedEvent(
      "subscription.renewed",
      {
        subscriptionId: providerSubscriptionId,
        paymentId,
        amountMinor: 19_00,
        currency: "USD",
        periodEnd: new Date(created.getTime() + 31 * DAY).toISOString(),
      },
      created,
    );

  it("activates a subscription whose license runs to the end of the paid period", async () => {
    const { order, license, subscription } = await activeSubscription();
    expect(subscription).toMatchObject({
      status: "active",
      provider: "simulated",
      providerSubscriptionId: `sim_sub_${order.orderId}`,
    });
    expect(license.expiresAt).toEqual(new Date("2026-12-01T00:00:00.000Z"));
    expect(subscription.currentPeriodEnd).toEqual(license.expiresAt);
  });

  it("extends the license from its expiry on each renewal, once per renewal payment", async () => {
    const { license, subscription } = await activeSubscription();
    const renewalPayment = `sim_pay_${randomUUID()}`;
    const body = renewal(subscription.providerSubscriptionId, new Date("2026-11-30T00:00:00.000Z"), renewalPayment);
    await deliver(db(), body);
    await deliver(db(), JSON.stringify({ ...JSON.parse(body), id: `sim_evt_${randomUUID()}` })); // the same payment again
    const [after] = await db().select().from(licenses).where(eq(licenses.id, license.id));
    expect(after!.expiresAt).toEqual(new Date("2027-01-01T00:00:00.000Z"));
    const renewals = await db()
      .select()
      .from(transactions)
      .where(eq(transactions.providerTransactionId, renewalPayment));
    expect(renewals).toHaveLength(1);
  });

  it("retries a renewal that arrives before its activation, then applies it", async () => {
    const order = await simulatedOrder(db(), monthly);
    const early = renewal(`sim_sub_${order.orderId}`, new Date("2026-11-30T00:00:00.000Z"));
    const error = await deliver(db(), early).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "SubscriptionNotYetKnownError" });
    const earlyCancel = simulatedEvent("subscription.canceled", { subscriptionId: `sim_sub_${order.orderId}` });
    expect(await deliver(db(), earlyCancel).catch((e: unknown) => e)).toMatchObject({
      name: "SubscriptionNotYetKnownError",
    });
    const [stored] = await db()
      .select()
      .from(webhookEvents)
      .where(eq(webhookEvents.providerEventId, JSON.parse(early).id));
    expect(stored!.status).toBe("received"); // left for the retry
    await deliver(db(), checkoutEvent(order, "approved", new Date("2026-11-01T00:00:00.000Z")));
    expect(await processWebhookEvent(db(), stored!.id)).toBe("processed");
    const [license] = await rowsOf.licenses(order.orderId);
    expect(license!.expiresAt).toEqual(new Date("2027-01-01T00:00:00.000Z"));
  });

  it("cancels without shortening the paid period, and ignores a cancellation older than what it knows", async () => {
    const { license, subscription } = await activeSubscription();
    const cancelledAt = new Date("2026-11-15T00:00:00.000Z");
    await deliver(
      db(),
      simulatedEvent("subscription.canceled", { subscriptionId: subscription.providerSubscriptionId }, cancelledAt),
    );
    // A renewal paid before the cancellation, arriving after it, still counts.
    await deliver(db(), renewal(subscription.providerSubscriptionId, new Date("2026-11-10T00:00:00.000Z")));
    const [after] = await db().select().from(subscriptions).where(eq(subscriptions.id, subscription.id));
    expect(after).toMatchObject({ status: "canceled", cancelAtPeriodEnd: true, lastEventAt: cancelledAt });
    const [kept] = await db().select().from(licenses).where(eq(licenses.id, license.id));
    expect(kept!.expiresAt).toEqual(new Date("2027-01-01T00:00:00.000Z"));

    const other = await activeSubscription();
    await deliver(db(), renewal(other.subscription.providerSubscriptionId, new Date("2026-11-30T00:00:00.000Z")));
    await deliver(
      db(),
      simulatedEvent(
        "subscription.canceled",
        { subscriptionId: other.subscription.providerSubscriptionId },
        new Date("2026-11-20T00:00:00.000Z"),
      ),
    );
    const [stillActive] = await db().select().from(subscriptions).where(eq(subscriptions.id, other.subscription.id));
    expect(stillActive!.status).toBe("active");
  });
});

describe("provisioning a refund", () => {
  it("records a partial refund and keeps the license; a full refund suspends it; replays change nothing", async () => {
    const order = await simulatedOrder(db(), { priceMinor: 50_00 });
    await deliver(db(), checkoutEvent(order));
    const refund = (refundId: string, amountMinor: number) =>
      simulatedEvent("payment.refunded", {
        paymentId: `sim_pay_${order.orderId}`,
        refundId,
        amountMinor,
        currency: "USD",
      });
    await deliver(db(), refund("sim_re_1", 20_00));
    let [license] = await rowsOf.licenses(order.orderId);
    expect(license!.status).toBe("active");
    const second = refund("sim_re_2", 30_00);
    await deliver(db(), second);
    await deliver(db(), JSON.stringify({ ...JSON.parse(second), id: `sim_evt_${randomUUID()}` }));
    [license] = await rowsOf.licenses(order.orderId);
    expect(license).toMatchObject({ status: "suspended", statusReason: "refund" });
    const rows = await rowsOf.payments(order.orderId);
    expect(rows.map((row) => [row.kind, row.amountMinor, row.status]).sort()).toEqual(
      [
        ["payment", 50_00, "refunded"],
        ["refund", 20_00, "succeeded"],
        ["refund", 30_00, "succeeded"],
      ].sort(),
    );
  });

  it("retries a refund that arrives before its payment", async () => {
    const body = simulatedEvent("payment.refunded", {
      paymentId: "sim_pay_unknown",
      refundId: "sim_re_x",
      amountMinor: 1_00,
      currency: "USD",
    });
    expect(await deliver(db(), body).catch((e: unknown) => e)).toMatchObject({ name: "PaymentNotYetKnownError" });
  });
});
