import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { checkoutOrders, licenses, paymentMismatches, transactions } from "@/db/schema";
import { createCheckoutSession, CreateCheckoutInputSchema, refundPayment } from "@/services/payment";
import { listPaymentMismatches, resolvePaymentMismatch } from "@/services/provisioning";
import { processWebhookEvent } from "@/services/webhook/process-webhook-event";
import { storeWebhookEvent } from "@/services/webhook/store-webhook-event";
import { createProduct } from "@/tests/support/license-fixtures";
import {
  paypalSubscriptionOrder,
  PRICE,
  setupPaymentScenarios,
  type PaymentScenario,
} from "@/tests/support/payment-scenarios";
import { setupTestDatabase } from "@/tests/support/test-database";

const database = setupTestDatabase();
const db = () => database.current.connection.db;
const fakes = setupPaymentScenarios(db);
const { stripe: stripeScenario, paypal: paypalScenario } = fakes.scenarios;

/** An order and a payment of it held for the owner (short by `short` minor units unless told otherwise). */
async function heldPayment(
  scenario = stripeScenario,
  terms: Parameters<PaymentScenario["pay"]>[1] = { amountMinor: 1 },
) {
  const orderId = await scenario.order({ live: true });
  const paid = await scenario.pay(orderId, terms);
  expect(await processWebhookEvent(db(), paid.eventId)).toBe("held");
  const [held] = await db().select().from(paymentMismatches).where(eq(paymentMismatches.webhookEventId, paid.eventId));
  return { orderId, paid, mismatchId: held!.id, transactionId: held!.transactionId };
}
const licenseOf = async (orderId: string) =>
  (await db().select().from(licenses).where(eq(licenses.checkoutOrderId, orderId)))[0];
const orderRow = async (id: string) => (await db().select().from(checkoutOrders).where(eq(checkoutOrders.id, id)))[0]!;
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

describe("resolvePaymentMismatch", () => {
  it("accept: provisions the order as if the payment had matched, once", async () => {
    const { orderId, paid, mismatchId } = await heldPayment();
    const decided = await resolvePaymentMismatch({ mismatchId, resolution: "accept" }, { db: db() });
    expect(decided).toMatchObject({
      id: mismatchId,
      status: "accepted",
      reason: "amount_mismatch",
      resolvedAt: expect.any(Date),
      payment: { providerPaymentId: paid.paymentId, amountMinor: 1, currency: "USD" },
      order: { id: orderId, status: "paid", amountMinor: PRICE },
    });
    expect(await orderRow(orderId)).toMatchObject({ status: "paid", providerPaymentId: paid.paymentId });
    expect(await licenseOf(orderId)).toMatchObject({ status: "active", environment: "live" });
    expect(await failure(resolvePaymentMismatch({ mismatchId, resolution: "refund" }, { db: db() }))).toMatchObject({
      code: "refused",
      userMessage: "This held payment has been decided already.",
    });
    // The payment's event delivered again is now the order's own payment: nothing more happens.
    const again = await stripeScenario.pay(orderId, { samePaymentAs: paid.paymentId });
    expect(await processWebhookEvent(db(), again.eventId)).toBe("processed");
    expect(await db().select().from(licenses).where(eq(licenses.checkoutOrderId, orderId))).toHaveLength(1);
  });

  it("accept of test money for a live order issues a license that says it is a test one", async () => {
    const { orderId, mismatchId } = await heldPayment(stripeScenario, { environment: "test" });
    await resolvePaymentMismatch({ mismatchId, resolution: "accept" }, { db: db() });
    expect(await licenseOf(orderId)).toMatchObject({ environment: "test" });
  });

  it("refund: gives the whole payment back through its provider; nothing is licensed", async () => {
    const { orderId, paid, mismatchId, transactionId } = await heldPayment(paypalScenario);
    const decided = await resolvePaymentMismatch({ mismatchId, resolution: "refund" }, { db: db() });
    expect(decided).toMatchObject({ status: "refunded", order: { status: "pending" } });
    const refund = fakes.paypal().calls.find((call) => call.path === `/v2/payments/captures/${paid.paymentId}/refund`);
    expect(refund?.body).toMatchObject({ amount: { currency_code: "USD", value: "0.01" } });
    const [row] = await db().select().from(transactions).where(eq(transactions.refundOfId, transactionId));
    expect(row).toMatchObject({ kind: "refund", amountMinor: 1, status: "succeeded" });
    expect(await licenseOf(orderId)).toBeUndefined();
    expect(await failure(resolvePaymentMismatch({ mismatchId, resolution: "accept" }, { db: db() }))).toMatchObject({
      code: "refused",
    });
  });

  it("refund the provider fails: the payment stays held, open to decide again", async () => {
    const { mismatchId } = await heldPayment();
    fakes.stripe().failNext(400);
    expect(await failure(resolvePaymentMismatch({ mismatchId, resolution: "refund" }, { db: db() }))).toMatchObject({
      code: "gateway_error",
    });
    const [held] = await db().select().from(paymentMismatches).where(eq(paymentMismatches.id, mismatchId));
    expect(held).toMatchObject({ status: "open", resolvedAt: null });
    expect(await resolvePaymentMismatch({ mismatchId, resolution: "refund" }, { db: db() })).toMatchObject({
      status: "refunded",
    });
  });

  it("refuses to accept a payment for an order another payment has paid; refunding it is the way", async () => {
    const orderId = await stripeScenario.order();
    const first = await stripeScenario.pay(orderId);
    await processWebhookEvent(db(), first.eventId);
    const second = await stripeScenario.pay(orderId);
    expect(await processWebhookEvent(db(), second.eventId)).toBe("held");
    const [held] = await db()
      .select()
      .from(paymentMismatches)
      .where(eq(paymentMismatches.webhookEventId, second.eventId));
    expect(
      await failure(resolvePaymentMismatch({ mismatchId: held!.id, resolution: "accept" }, { db: db() })),
    ).toMatchObject({
      code: "refused",
      userMessage: "The order is already paid by another payment: refund this one instead.",
    });
    expect(await listPaymentMismatches(undefined, { db: db() })).toContainEqual(
      expect.objectContaining({ id: held!.id, status: "open", reason: "order_already_paid" }),
    );
    expect(await resolvePaymentMismatch({ mismatchId: held!.id, resolution: "refund" }, { db: db() })).toMatchObject({
      status: "refunded",
    });
    expect(await orderRow(orderId)).toMatchObject({ status: "paid", providerPaymentId: first.paymentId });
  });

  it("a payment refunded elsewhere cannot be accepted, and resolving it as refunded only records that", async () => {
    const { orderId, mismatchId, transactionId } = await heldPayment(stripeScenario, { amountMinor: 30_00 });
    await refundPayment({ transactionId }, { db: db() });
    expect(await failure(resolvePaymentMismatch({ mismatchId, resolution: "accept" }, { db: db() }))).toMatchObject({
      code: "refused",
      userMessage: "This payment has been refunded or disputed: it cannot pay its order.",
    });
    const refundsBefore = fakes
      .stripe()
      .calls.filter((call) => call.path === "/v1/refunds" && call.method === "POST").length;
    expect(await resolvePaymentMismatch({ mismatchId, resolution: "refund" }, { db: db() })).toMatchObject({
      status: "refunded",
    });
    expect(fakes.stripe().calls.filter((call) => call.path === "/v1/refunds" && call.method === "POST")).toHaveLength(
      refundsBefore,
    );
    expect(await licenseOf(orderId)).toBeUndefined();
  });

  it("an accept and a refund at once: exactly one happens", async () => {
    for (let round = 0; round < 5; round++) {
      const { orderId, mismatchId, transactionId } = await heldPayment();
      const outcomes = await Promise.allSettled([
        resolvePaymentMismatch({ mismatchId, resolution: "accept" }, { db: db() }),
        resolvePaymentMismatch({ mismatchId, resolution: "refund" }, { db: db() }),
      ]);
      expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
      const refunds = await db().select().from(transactions).where(eq(transactions.refundOfId, transactionId));
      const license = await licenseOf(orderId);
      expect(Boolean(license) !== refunds.length > 0, `round ${round}: licensed and refunded`).toBe(true);
    }
  });

  it("lists what is open by default, and any status when asked", async () => {
    const { mismatchId } = await heldPayment();
    const open = await listPaymentMismatches(undefined, { db: db() });
    expect(open.every((held) => held.status === "open")).toBe(true);
    expect(open.map((held) => held.id)).toContain(mismatchId);
    await resolvePaymentMismatch({ mismatchId, resolution: "accept" }, { db: db() });
    expect((await listPaymentMismatches(undefined, { db: db() })).map((held) => held.id)).not.toContain(mismatchId);
    const accepted = await listPaymentMismatches({ status: "accepted", limit: 500 }, { db: db() });
    expect(accepted.map((held) => held.id)).toContain(mismatchId);
    expect(
      await failure(resolvePaymentMismatch({ mismatchId: crypto.randomUUID(), resolution: "accept" }, { db: db() })),
    ).toMatchObject({
      code: "not_found",
      field: "mismatchId",
    });
  });
});

describe("accepting while the order's own payment is being applied", () => {
  it("waits for it and then refuses, never making the order a short payment's", async () => {
    const { orderId, mismatchId } = await heldPayment(stripeScenario, { amountMinor: 1 });
    const honest = await stripeScenario.pay(orderId);
    // A webhook's transaction holds the order while it pays it with the honest payment; the
    // accept waits for it (it is not awaited inside the transaction it waits for).
    const { accepting } = await db().transaction(async (tx) => {
      await tx.select().from(checkoutOrders).where(eq(checkoutOrders.id, orderId)).for("update");
      const started = failure(resolvePaymentMismatch({ mismatchId, resolution: "accept" }, { db: db() }));
      await new Promise((resolve) => setTimeout(resolve, 300));
      await tx
        .update(checkoutOrders)
        .set({ status: "paid", providerPaymentId: honest.paymentId })
        .where(eq(checkoutOrders.id, orderId));
      return { accepting: started };
    });
    const outcome = await accepting;
    expect(outcome).toMatchObject({ code: "refused" });
    expect(await orderRow(orderId)).toMatchObject({ status: "paid", providerPaymentId: honest.paymentId });
    const [held] = await db().select().from(paymentMismatches).where(eq(paymentMismatches.id, mismatchId));
    expect(held).toMatchObject({ status: "open" });
  });
});

describe("a held payment that started a subscription", () => {
  const PERIOD_END = Math.floor(Date.now() / 1000) + 30 * 86_400;

  /** A Stripe subscription bought for 1.00 against 49.00 (held), and its renewal at the full price (held beside it). */
  async function heldSubscription() {
    const stripe = fakes.stripe();
    const product = await createProduct(db(), {
      kind: "subscription",
      billingInterval: "month",
      priceMinor: PRICE,
      stripePriceId: "price_sub",
    });
    const input = CreateCheckoutInputSchema.parse({
      productSlug: product.slug,
      provider: "stripe",
      email: "s@example.com",
    });
    const { orderId, providerCheckoutId } = await createCheckoutSession(input, { db: db() });
    stripe.pay(providerCheckoutId!, { amountMinor: 1_00, periodEnd: PERIOD_END });
    const session = stripe.objects.get(providerCheckoutId!) as { subscription: string };
    expect(await processWebhookEvent(db(), await storeStripe("checkout.session.completed", providerCheckoutId!))).toBe(
      "held",
    );
    const renewal = `in_${crypto.randomUUID()}`;
    stripe.holdInvoice(renewal, {
      subscriptionId: session.subscription,
      paymentIntent: `pi_${renewal}`,
      amountMinor: PRICE,
      periodEnd: PERIOD_END + 30 * 86_400,
    });
    const renewalEvent = await storeStripe("invoice.paid", renewal);
    const mismatches = await db()
      .select()
      .from(paymentMismatches)
      .where(eq(paymentMismatches.checkoutOrderId, orderId));
    return { orderId, subscriptionId: session.subscription, renewalEvent, renewalPayment: `pi_${renewal}`, mismatches };
  }

  const storeStripe = async (type: string, objectId: string) => {
    const id = `evt_${crypto.randomUUID()}`;
    const body = JSON.stringify({
      id,
      type,
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: objectId } },
    });
    return (await storeWebhookEvent(db(), "stripe", { providerEventId: id, type, environment: "test" }, body)).id;
  };
  const heldOf = async (orderId: string) =>
    db()
      .select()
      .from(paymentMismatches)
      .where(eq(paymentMismatches.checkoutOrderId, orderId))
      .orderBy(paymentMismatches.createdAt);

  it("holds its renewals beside it, recorded; accepted in turn, the subscription starts, then renews", async () => {
    const { orderId, renewalEvent, renewalPayment } = await heldSubscription();
    expect(await processWebhookEvent(db(), renewalEvent)).toBe("held");
    const [first, renewal] = await heldOf(orderId);
    expect(renewal).toMatchObject({ reason: "subscription_held", status: "open" });
    expect(renewal!.detail).toMatch(
      /^subscription_held: a renewal of sub_\w+, whose first payment is held \(amount_mismatch\)$/,
    );
    const [payment] = await db()
      .select()
      .from(transactions)
      .where(eq(transactions.providerTransactionId, renewalPayment));
    expect(payment).toMatchObject({ amountMinor: PRICE, checkoutOrderId: null });

    expect(
      await failure(resolvePaymentMismatch({ mismatchId: renewal!.id, resolution: "accept" }, { db: db() })),
    ).toMatchObject({
      code: "refused",
      userMessage: "Accept the payment that started this subscription first.",
    });
    await resolvePaymentMismatch({ mismatchId: first!.id, resolution: "accept" }, { db: db() });
    const started = (await licenseOf(orderId))!;
    expect(started.expiresAt).toEqual(new Date(PERIOD_END * 1000));
    await resolvePaymentMismatch({ mismatchId: renewal!.id, resolution: "accept" }, { db: db() });
    expect((await licenseOf(orderId))!.expiresAt.getTime()).toBeGreaterThan(started.expiresAt.getTime());
    const [renewed] = await db()
      .select()
      .from(transactions)
      .where(eq(transactions.providerTransactionId, renewalPayment));
    expect(renewed).toMatchObject({ checkoutOrderId: orderId });
  });

  it("refunded, also stops its subscription at the provider", async () => {
    const { mismatches, subscriptionId } = await heldSubscription();
    const decided = await resolvePaymentMismatch({ mismatchId: mismatches[0]!.id, resolution: "refund" }, { db: db() });
    expect(decided).toMatchObject({ status: "refunded", subscriptionStopped: true });
    const cancel = fakes
      .stripe()
      .calls.find((call) => call.method === "POST" && call.path === `/v1/subscriptions/${subscriptionId}`);
    expect(cancel?.params.get("cancel_at_period_end")).toBe("true");
  });

  it("refunded when another payment started the subscription after all: that subscription and its license stand", async () => {
    const paypal = fakes.paypal();
    const { orderId, subscriptionId, sale } = await paypalSubscriptionOrder(db(), paypal);
    expect(await sale("8SSHORT2", "1.00")).toBe("held");
    expect(await sale("8SFULL2", "19.00")).toBe("processed");
    const [held] = await db().select().from(paymentMismatches).where(eq(paymentMismatches.checkoutOrderId, orderId));
    const decided = await resolvePaymentMismatch({ mismatchId: held!.id, resolution: "refund" }, { db: db() });
    expect(decided).toMatchObject({ status: "refunded", subscriptionStopped: null });
    expect(paypal.calls.some((call) => call.path === `/v1/billing/subscriptions/${subscriptionId}/cancel`)).toBe(false);
    // PayPal's word of the refund touches nothing of the order's.
    const refundBody = JSON.stringify({
      id: `WH-${crypto.randomUUID()}`,
      event_type: "PAYMENT.SALE.REFUNDED",
      create_time: new Date().toISOString(),
      resource: {
        id: "REF-SHORT2",
        state: "completed",
        sale_id: "8SSHORT2",
        amount: { total: "1.00", currency: "USD" },
      },
    });
    const type = "PAYMENT.SALE.REFUNDED";
    const stored = await storeWebhookEvent(
      db(),
      "paypal",
      { providerEventId: `WH-${crypto.randomUUID()}`, type, environment: "test" },
      refundBody,
    );
    expect(await processWebhookEvent(db(), stored.id)).toBe("processed");
    expect(await licenseOf(orderId)).toMatchObject({ status: "active" });
  });

  it("a renewal held beside a first payment that was refunded is to be refunded too, and says so", async () => {
    const { orderId, renewalEvent } = await heldSubscription();
    expect(await processWebhookEvent(db(), renewalEvent)).toBe("held");
    const [first, renewal] = await heldOf(orderId);
    await resolvePaymentMismatch({ mismatchId: first!.id, resolution: "refund" }, { db: db() });
    expect(
      await failure(resolvePaymentMismatch({ mismatchId: renewal!.id, resolution: "accept" }, { db: db() })),
    ).toMatchObject({
      code: "refused",
      userMessage: "The payment that started this subscription was refunded: refund this one too.",
    });
    expect(await resolvePaymentMismatch({ mismatchId: renewal!.id, resolution: "refund" }, { db: db() })).toMatchObject(
      {
        status: "refunded",
        subscriptionStopped: null,
      },
    );
  });

  it("refunded where the provider will not stop its subscription: refunded all the same, and said so", async () => {
    const { mismatches } = await heldSubscription();
    const stripe = fakes.stripe();
    // Stripe takes the refund, then refuses to cancel the subscription.
    stripe.hooks.beforeRefundAnswer = () => {
      stripe.failNext(400);
      stripe.hooks.beforeRefundAnswer = undefined;
    };
    const decided = await resolvePaymentMismatch({ mismatchId: mismatches[0]!.id, resolution: "refund" }, { db: db() });
    expect(decided).toMatchObject({ status: "refunded", subscriptionStopped: false });
  });
});
