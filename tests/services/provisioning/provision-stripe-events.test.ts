import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkoutOrders, licenses, subscriptions, transactions } from "@/db/schema";
import { setProcessEnv } from "@/lib/env";
import { createCheckoutSession, CreateCheckoutInputSchema } from "@/services/payment";
import { readProvisioningEvent } from "@/services/provisioning";
import { processWebhookEvent } from "@/services/webhook/process-webhook-event";
import { storeWebhookEvent } from "@/services/webhook/store-webhook-event";
import { startFakeStripe } from "@/tests/support/fake-stripe";
import { createProduct } from "@/tests/support/license-fixtures";
import { setupTestDatabase } from "@/tests/support/test-database";

const database = setupTestDatabase();
const db = () => database.current.connection.db;
let stripe: Awaited<ReturnType<typeof startFakeStripe>>;
const PERIOD_END = 1_800_000_000; // seconds, as Stripe writes times

beforeAll(async () => {
  stripe = await startFakeStripe();
  setProcessEnv({
    STRIPE_SECRET_KEY: "sk_test_provisioning",
    STRIPE_WEBHOOK_SECRET: "whsec_provisioning",
    STRIPE_API_BASE: stripe.url,
  });
});
afterAll(() => stripe.close());

async function stripeOrder(kind: "one_time" | "subscription" = "one_time") {
  const product = await createProduct(db(), {
    stripePriceId: "price_x",
    priceMinor: 49_00,
    ...(kind === "subscription" && { kind, billingInterval: "month" }),
  });
  const input = CreateCheckoutInputSchema.parse({
    productSlug: product.slug,
    provider: "stripe",
    email: "stripe-buyer@example.com",
  });
  const { orderId, providerCheckoutId } = await createCheckoutSession(input, { db: db() });
  return { orderId, sessionId: providerCheckoutId! };
}

/** Stripe now holds this subscription (period ends as Stripe writes them, in seconds). */
const setStripeSubscription = (id: string, status = "active", cancelAtPeriodEnd = false, periodEnds = [PERIOD_END]) =>
  stripe.holdSubscription(id, status, cancelAtPeriodEnd, periodEnds);

/** Stripe now holds this invoice of a subscription (or of none), open or paid. */
const setStripeInvoice = (
  id: string,
  subscriptionId: string | null,
  paymentIntent: string | null,
  periodEnd = PERIOD_END,
) => stripe.holdInvoice(id, { subscriptionId, paymentIntent, amountMinor: 4900, periodEnd });

/** A subscription checkout Stripe holds as paid by its first invoice; its completion not yet delivered. */
async function paidSubscriptionOrder() {
  const { orderId, sessionId } = await stripeOrder("subscription");
  const subscriptionId = `sub_${randomUUID()}`;
  setStripeSubscription(subscriptionId, "active");
  const first = `in_${randomUUID()}`;
  setStripeInvoice(first, subscriptionId, `pi_${first}`);
  paySession(sessionId, { subscription: subscriptionId, invoice: first, amount_total: 4900, currency: "usd" });
  return { orderId, sessionId, subscriptionId, first };
}

/** Stripe now holds the session as paid (what a re-fetch sees, whatever the event said). */
function paySession(sessionId: string, changes: Record<string, unknown>) {
  stripe.objects.set(sessionId, { ...stripe.objects.get(sessionId), payment_status: "paid", ...changes });
}

async function deliverStripe(type: string, objectId: string, created = Math.floor(Date.now() / 1000)) {
  const id = `evt_${randomUUID()}`;
  const body = JSON.stringify({
    id,
    object: "event",
    type,
    created,
    livemode: false,
    data: { object: { id: objectId } },
  });
  const stored = await storeWebhookEvent(db(), "stripe", { providerEventId: id, type, environment: "test" }, body);
  return processWebhookEvent(db(), stored.id);
}

const orderRow = async (id: string) => (await db().select().from(checkoutOrders).where(eq(checkoutOrders.id, id)))[0]!;
const licenseOf = async (orderId: string) =>
  (await db().select().from(licenses).where(eq(licenses.checkoutOrderId, orderId)))[0];

describe("provisioning Stripe events", () => {
  it("provisions a paid one-time Checkout Session from Stripe's copy of it, keyed on its PaymentIntent", async () => {
    const { orderId, sessionId } = await stripeOrder();
    paySession(sessionId, { payment_intent: "pi_one", amount_total: 4900, currency: "usd" });
    expect(await deliverStripe("checkout.session.completed", sessionId)).toBe("processed");
    expect(await orderRow(orderId)).toMatchObject({ status: "paid", providerPaymentId: "pi_one" });
    const [payment] = await db().select().from(transactions).where(eq(transactions.providerTransactionId, "pi_one"));
    expect(payment).toMatchObject({ provider: "stripe", amountMinor: 4900, currency: "USD", environment: "test" });
    expect(await licenseOf(orderId)).toMatchObject({ status: "active" });
  });

  it("waits for a delayed payment: completed unpaid records only; async success provisions; async failure fails the order", async () => {
    const { orderId, sessionId } = await stripeOrder();
    expect(await deliverStripe("checkout.session.completed", sessionId)).toBe("processed");
    expect(await orderRow(orderId)).toMatchObject({ status: "pending" });
    paySession(sessionId, { payment_intent: "pi_async", amount_total: 4900, currency: "usd" });
    await deliverStripe("checkout.session.async_payment_succeeded", sessionId);
    expect(await orderRow(orderId)).toMatchObject({ status: "paid" });

    const failing = await stripeOrder();
    await deliverStripe("checkout.session.async_payment_failed", failing.sessionId);
    expect(await orderRow(failing.orderId)).toMatchObject({ status: "failed" });
  });

  it("starts a subscription on its first invoice's payment; that invoice's own event extends nothing; a renewal does", async () => {
    const { orderId, sessionId, subscriptionId, first } = await paidSubscriptionOrder();
    await deliverStripe("checkout.session.completed", sessionId);
    const license = await licenseOf(orderId);
    expect(license!.expiresAt).toEqual(new Date(PERIOD_END * 1000));
    expect(await orderRow(orderId)).toMatchObject({
      providerSubscriptionId: subscriptionId,
      providerPaymentId: `pi_${first}`,
    });

    await deliverStripe("invoice.paid", first);
    expect((await licenseOf(orderId))!.expiresAt).toEqual(new Date(PERIOD_END * 1000));

    const renewal = `in_${randomUUID()}`;
    setStripeInvoice(renewal, subscriptionId, `pi_${renewal}`, PERIOD_END + 30 * 86_400);
    await deliverStripe("invoice.paid", renewal);
    const extended = (await licenseOf(orderId))!.expiresAt;
    expect(extended.getTime()).toBeGreaterThan(PERIOD_END * 1000);
  });

  it("records an unpaid or subscription-less invoice, provisioning nothing", async () => {
    const open = `in_${randomUUID()}`;
    setStripeInvoice(open, null, null);
    expect(await deliverStripe("invoice.paid", open)).toBe("processed");
    // A type nobody handles is stored as ignored and never processed; read anyway, it means nothing.
    const other = JSON.stringify({
      id: "evt_other",
      type: "customer.created",
      created: 1,
      data: { object: { id: "cus_1" } },
    });
    expect(
      await readProvisioningEvent({
        provider: "stripe",
        environment: "test",
        type: "customer.created",
        payload: other,
        receivedAt: new Date(),
      }),
    ).toEqual({
      kind: "recorded_only",
    });
  });

  it("fails for good what can never be provisioned", async () => {
    const orphan = `cs_test_${randomUUID()}`;
    stripe.objects.set(orphan, {
      id: orphan,
      object: "checkout.session",
      client_reference_id: null,
      metadata: {},
      payment_status: "paid",
      livemode: false,
    });
    expect(await deliverStripe("checkout.session.completed", orphan).catch((e: unknown) => e)).toMatchObject({
      name: "PermanentJobError",
    });
    expect(await deliverStripe("checkout.session.async_payment_failed", orphan).catch((e: unknown) => e)).toMatchObject(
      { name: "PermanentJobError" },
    );

    const { sessionId } = await stripeOrder();
    paySession(sessionId, { payment_intent: null, amount_total: null, currency: null });
    expect(await deliverStripe("checkout.session.completed", sessionId).catch((e: unknown) => e)).toMatchObject({
      name: "PermanentJobError",
    });

    const subscription = await stripeOrder("subscription");
    const subscriptionId = `sub_${randomUUID()}`;
    setStripeSubscription(subscriptionId, "active", false, []);
    paySession(subscription.sessionId, {
      subscription: subscriptionId,
      invoice: null,
      amount_total: null,
      currency: null,
    });
    expect(
      await deliverStripe("checkout.session.completed", subscription.sessionId).catch((e: unknown) => e),
    ).toMatchObject({ name: "PermanentJobError" });

    const id = `evt_${randomUUID()}`;
    const stored = await storeWebhookEvent(
      db(),
      "stripe",
      { providerEventId: id, type: "invoice.paid", environment: "test" },
      JSON.stringify({ id }),
    );
    expect(await processWebhookEvent(db(), stored.id).catch((e: unknown) => e)).toMatchObject({
      name: "PermanentJobError",
    });
  });

  it("provisions a subscription session without an invoice from the session's own amount", async () => {
    const { orderId, sessionId } = await stripeOrder("subscription");
    const subscriptionId = `sub_${randomUUID()}`;
    setStripeSubscription(subscriptionId, "active", false, []);
    paySession(sessionId, { subscription: subscriptionId, invoice: null, amount_total: 4900, currency: "usd" });
    await deliverStripe("checkout.session.completed", sessionId);
    expect(await orderRow(orderId)).toMatchObject({ status: "paid", providerPaymentId: sessionId });
  });

  it("follows the subscription as Stripe has it: cancel at period end, past due after a failed renewal, deleted", async () => {
    const { orderId, sessionId } = await stripeOrder("subscription");
    const subscriptionId = `sub_${randomUUID()}`;
    const setSubscription = (status: string, cancelAtPeriodEnd = false) =>
      stripe.objects.set(subscriptionId, {
        id: subscriptionId,
        object: "subscription",
        status,
        cancel_at_period_end: cancelAtPeriodEnd,
        items: { object: "list", data: [{ id: "si_1", current_period_end: PERIOD_END }] },
      });
    setSubscription("active");
    paySession(sessionId, { subscription: subscriptionId, invoice: null, amount_total: 4900, currency: "usd" });
    const t0 = Math.floor(Date.now() / 1000);
    await deliverStripe("checkout.session.completed", sessionId, t0);
    const subscriptionRow = async () =>
      (await db().select().from(subscriptions).where(eq(subscriptions.providerSubscriptionId, subscriptionId)))[0]!;

    setSubscription("active", true);
    await deliverStripe("customer.subscription.updated", subscriptionId, t0 + 10);
    expect(await subscriptionRow()).toMatchObject({ status: "active", cancelAtPeriodEnd: true });

    setSubscription("past_due", true);
    const failed = `in_${randomUUID()}`;
    setStripeInvoice(failed, subscriptionId, null);
    await deliverStripe("invoice.payment_failed", failed, t0 + 20);
    expect(await subscriptionRow()).toMatchObject({ status: "past_due" });

    // An update older than what was applied changes nothing, whatever Stripe says now.
    setSubscription("active");
    await deliverStripe("customer.subscription.updated", subscriptionId, t0 + 5);
    expect(await subscriptionRow()).toMatchObject({ status: "past_due" });

    setSubscription("canceled", false);
    await deliverStripe("customer.subscription.deleted", subscriptionId, t0 + 30);
    expect(await subscriptionRow()).toMatchObject({
      status: "canceled",
      currentPeriodEnd: new Date(PERIOD_END * 1000),
    });
    expect((await licenseOf(orderId))!.expiresAt).toEqual(new Date(PERIOD_END * 1000)); // runs to the end of what was paid

    const orphanInvoice = `in_${randomUUID()}`;
    setStripeInvoice(orphanInvoice, null, null);
    expect(await deliverStripe("invoice.payment_failed", orphanInvoice)).toBe("processed");
    const unknown = `sub_${randomUUID()}`;
    setStripeSubscription(unknown, "active", false, []);
    expect(await deliverStripe("customer.subscription.updated", unknown).catch((e: unknown) => e)).toMatchObject({
      name: "SubscriptionNotYetKnownError",
    });
  });

  async function paidOrder() {
    const { orderId, sessionId } = await stripeOrder();
    const paymentIntent = `pi_${randomUUID()}`;
    paySession(sessionId, { payment_intent: paymentIntent, amount_total: 4900, currency: "usd" });
    await deliverStripe("checkout.session.completed", sessionId);
    const charge = `ch_${randomUUID()}`;
    stripe.objects.set(charge, { id: charge, object: "charge", payment_intent: paymentIntent });
    return { orderId, paymentIntent, charge };
  }
  const stripeRefund = (paymentIntent: string, amount: number, status = "succeeded") => {
    const id = `re_${randomUUID()}`;
    stripe.objects.set(id, { id, object: "refund", payment_intent: paymentIntent, amount, currency: "usd", status });
    return id;
  };
  const paymentRow = async (id: string) =>
    (await db().select().from(transactions).where(eq(transactions.providerTransactionId, id)))[0]!;

  it("records each of a payment's refunds once, counting only those that went through; all of it refunded suspends", async () => {
    const { orderId, paymentIntent, charge } = await paidOrder();
    const first = stripeRefund(paymentIntent, 1900);
    stripeRefund(paymentIntent, 3000, "pending");
    await deliverStripe("charge.refunded", charge);
    expect(await paymentRow(first)).toMatchObject({ kind: "refund", amountMinor: 1900, status: "succeeded" });
    expect((await licenseOf(orderId))!.status).toBe("active");

    const second = stripeRefund(paymentIntent, 3000);
    await deliverStripe("charge.refunded", charge);
    await deliverStripe("charge.refunded", charge);
    const refunds = await db().select().from(transactions).where(eq(transactions.checkoutOrderId, orderId));
    expect(
      refunds
        .filter((row) => row.kind === "refund")
        .map((row) => row.providerTransactionId)
        .sort(),
    ).toEqual([first, second].sort());
    expect(await paymentRow(paymentIntent)).toMatchObject({ status: "refunded" });
    expect(await licenseOf(orderId)).toMatchObject({ status: "suspended", statusReason: "refund" });

    const chargeWithoutPayment = `ch_${randomUUID()}`;
    stripe.objects.set(chargeWithoutPayment, { id: chargeWithoutPayment, object: "charge", payment_intent: null });
    expect(await deliverStripe("charge.refunded", chargeWithoutPayment)).toBe("processed");
  });

  it("suspends the license while a dispute is open, reinstates it when won, keeps it suspended when lost", async () => {
    const dispute = (paymentIntent: string | null, status: string) => {
      const id = `dp_${randomUUID()}`;
      stripe.objects.set(id, { id, object: "dispute", payment_intent: paymentIntent, status });
      return id;
    };
    const won = await paidOrder();
    await deliverStripe("charge.dispute.created", dispute(won.paymentIntent, "needs_response"));
    expect(await licenseOf(won.orderId)).toMatchObject({ status: "suspended", statusReason: "dispute" });
    expect(await paymentRow(won.paymentIntent)).toMatchObject({ status: "disputed" });
    await deliverStripe("charge.dispute.closed", dispute(won.paymentIntent, "won"));
    expect(await licenseOf(won.orderId)).toMatchObject({ status: "active" });
    expect(await paymentRow(won.paymentIntent)).toMatchObject({ status: "succeeded" });

    const lost = await paidOrder();
    await deliverStripe("charge.dispute.created", dispute(lost.paymentIntent, "warning_needs_response"));
    await deliverStripe("charge.dispute.closed", dispute(lost.paymentIntent, "lost"));
    expect(await licenseOf(lost.orderId)).toMatchObject({ status: "suspended", statusReason: "dispute_lost" });

    // Refunded, then a dispute won: the refund's suspension stands.
    const refunded = await paidOrder();
    stripeRefund(refunded.paymentIntent, 4900);
    await deliverStripe("charge.refunded", refunded.charge);
    await deliverStripe("charge.dispute.closed", dispute(refunded.paymentIntent, "warning_closed"));
    expect(await licenseOf(refunded.orderId)).toMatchObject({ status: "suspended", statusReason: "refund" });
    expect(await paymentRow(refunded.paymentIntent)).toMatchObject({ status: "refunded" });

    expect(await deliverStripe("charge.dispute.created", dispute(null, "needs_response"))).toBe("processed");
    const early = await deliverStripe("charge.dispute.created", dispute(`pi_${randomUUID()}`, "needs_response")).catch(
      (e: unknown) => e,
    );
    expect(early).toMatchObject({ name: "PaymentNotYetKnownError" });
  });

  it("a renewal refunded or disputed suspends the subscription's license, as the first payment's would", async () => {
    const renewed = async () => {
      const { orderId, sessionId, subscriptionId } = await paidSubscriptionOrder();
      await deliverStripe("checkout.session.completed", sessionId);
      const renewal = `in_${randomUUID()}`;
      setStripeInvoice(renewal, subscriptionId, `pi_${renewal}`, PERIOD_END + 30 * 86_400);
      await deliverStripe("invoice.paid", renewal);
      const charge = `ch_${randomUUID()}`;
      stripe.objects.set(charge, { id: charge, object: "charge", payment_intent: `pi_${renewal}` });
      return { orderId, paymentIntent: `pi_${renewal}`, charge };
    };

    const refunded = await renewed();
    expect(await paymentRow(refunded.paymentIntent)).toMatchObject({ checkoutOrderId: refunded.orderId });
    stripeRefund(refunded.paymentIntent, 4900);
    await deliverStripe("charge.refunded", refunded.charge);
    expect(await licenseOf(refunded.orderId)).toMatchObject({ status: "suspended", statusReason: "refund" });

    const disputed = await renewed();
    const dispute = `dp_${randomUUID()}`;
    stripe.objects.set(dispute, {
      id: dispute,
      object: "dispute",
      payment_intent: disputed.paymentIntent,
      status: "lost",
    });
    await deliverStripe("charge.dispute.closed", dispute);
    expect(await licenseOf(disputed.orderId)).toMatchObject({ status: "suspended", statusReason: "dispute_lost" });
  });
});
