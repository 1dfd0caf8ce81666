import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkoutOrders, licenses, subscriptions, transactions } from "@/db/schema";
import { setProcessEnv } from "@/lib/env";
import { createCheckoutSession, CreateCheckoutInputSchema } from "@/services/payment";
import { processWebhookEvent } from "@/services/webhook/process-webhook-event";
import { storeWebhookEvent } from "@/services/webhook/store-webhook-event";
import { PAYPAL_TEST_ENV, startFakePaypal } from "@/tests/support/fake-paypal";
import { createProduct } from "@/tests/support/license-fixtures";
import { setupTestDatabase } from "@/tests/support/test-database";

const database = setupTestDatabase();
const db = () => database.current.connection.db;
let paypal: ReturnType<typeof startFakePaypal>;
const SANDBOX = "https://api-m.sandbox.paypal.com";

beforeAll(() => {
  paypal = startFakePaypal();
  setProcessEnv(PAYPAL_TEST_ENV);
});
afterAll(() => paypal.close());

/** A PayPal order for a new 49.00 USD product, and its capture as PayPal holds it. */
async function capturedOrder(status = "COMPLETED") {
  const product = await createProduct(db(), { priceMinor: 49_00 });
  const input = CreateCheckoutInputSchema.parse({
    productSlug: product.slug,
    provider: "paypal",
    email: "paypal-buyer@example.com",
  });
  const { orderId } = await createCheckoutSession(input, { db: db() });
  const captureId = `3C${randomUUID().slice(0, 12).toUpperCase()}`;
  paypal.captures.set(captureId, {
    id: captureId,
    status,
    custom_id: orderId,
    amount: { currency_code: "USD", value: "49.00" },
  });
  return { orderId, captureId };
}

/** A PayPal subscription checkout for a new monthly 19.00 USD plan, approved and active at PayPal. */
async function activeSubscription(nextBilling = new Date("2027-01-10T00:00:00Z")) {
  const product = await createProduct(db(), {
    kind: "subscription",
    billingInterval: "month",
    priceMinor: 19_00,
    paypalPlanId: `P-${randomUUID().slice(0, 8)}`,
  });
  const input = CreateCheckoutInputSchema.parse({
    productSlug: product.slug,
    provider: "paypal",
    email: "paypal-subscriber@example.com",
  });
  const { orderId } = await createCheckoutSession(input, { db: db() });
  const { providerCheckoutId } = await orderRow(orderId);
  setSubscription(providerCheckoutId!, "ACTIVE", nextBilling);
  return { orderId, subscriptionId: providerCheckoutId! };
}

function setSubscription(id: string, status: string, nextBilling: Date) {
  const held = paypal.subscriptions.get(id) ?? { id };
  paypal.subscriptions.set(id, {
    ...held,
    status,
    billing_info: {
      outstanding_balance: { currency_code: "USD", value: "0.00" },
      failed_payments_count: 0,
      next_billing_time: nextBilling.toISOString(),
    },
  });
}

const sale = (subscriptionId: string | undefined, value = "19.00", state = "completed") => ({
  id: `8S${randomUUID().slice(0, 12).toUpperCase()}`,
  state,
  amount: { total: value, currency: "USD" },
  ...(subscriptionId && { billing_agreement_id: subscriptionId }),
});

async function deliverPaypal(type: string, resource: Record<string, unknown>, created = new Date()) {
  const id = `WH-${randomUUID()}`;
  const body = JSON.stringify({ id, event_type: type, create_time: created.toISOString(), resource });
  const stored = await storeWebhookEvent(db(), "paypal", { providerEventId: id, type, environment: "test" }, body);
  return processWebhookEvent(db(), stored.id);
}
const refundResource = (captureId: string, value: string, status = "COMPLETED") => ({
  id: `1R${randomUUID().slice(0, 12).toUpperCase()}`,
  status,
  amount: { currency_code: "USD", value },
  links: [{ rel: "up", href: `${SANDBOX}/v2/payments/captures/${captureId}`, method: "GET" }],
});
const orderRow = async (id: string) => (await db().select().from(checkoutOrders).where(eq(checkoutOrders.id, id)))[0]!;
const licenseOf = async (orderId: string) =>
  (await db().select().from(licenses).where(eq(licenses.checkoutOrderId, orderId)))[0];
const subscriptionRow = async (id: string) =>
  (await db().select().from(subscriptions).where(eq(subscriptions.providerSubscriptionId, id)))[0];

describe("provisioning PayPal events", () => {
  it("provisions a completed capture from PayPal's copy of it; the approval before it is recorded only", async () => {
    const { orderId, captureId } = await capturedOrder();
    expect(await deliverPaypal("CHECKOUT.ORDER.APPROVED", { id: "5OAPPROVED" })).toBe("processed");
    expect(await orderRow(orderId)).toMatchObject({ status: "pending" });
    await deliverPaypal("PAYMENT.CAPTURE.COMPLETED", { id: captureId });
    expect(await orderRow(orderId)).toMatchObject({ status: "paid", providerPaymentId: captureId });
    const [payment] = await db().select().from(transactions).where(eq(transactions.providerTransactionId, captureId));
    expect(payment).toMatchObject({ provider: "paypal", amountMinor: 49_00, currency: "USD" });
    expect(await licenseOf(orderId)).toMatchObject({ status: "active" });
  });

  it("waits on a pending capture and fails a denied one", async () => {
    const pending = await capturedOrder("PENDING");
    await deliverPaypal("PAYMENT.CAPTURE.COMPLETED", { id: pending.captureId });
    expect(await orderRow(pending.orderId)).toMatchObject({ status: "pending" });
    const denied = await capturedOrder("DECLINED");
    await deliverPaypal("PAYMENT.CAPTURE.DENIED", { id: denied.captureId });
    expect(await orderRow(denied.orderId)).toMatchObject({ status: "failed" });
  });

  it("records refunds against their capture; all of it refunded suspends; a reversal is a lost dispute", async () => {
    const refunded = await capturedOrder();
    await deliverPaypal("PAYMENT.CAPTURE.COMPLETED", { id: refunded.captureId });
    await deliverPaypal("PAYMENT.CAPTURE.REFUNDED", refundResource(refunded.captureId, "9.00", "PENDING"));
    await deliverPaypal("PAYMENT.CAPTURE.REFUNDED", refundResource(refunded.captureId, "9.00"));
    expect((await licenseOf(refunded.orderId))!.status).toBe("active");
    await deliverPaypal("PAYMENT.CAPTURE.REFUNDED", refundResource(refunded.captureId, "40.00"));
    expect(await licenseOf(refunded.orderId)).toMatchObject({ status: "suspended", statusReason: "refund" });
    const refunds = await db().select().from(transactions).where(eq(transactions.checkoutOrderId, refunded.orderId));
    expect(
      refunds
        .filter((row) => row.kind === "refund")
        .map((row) => row.amountMinor)
        .sort((a, b) => a - b),
    ).toEqual([9_00, 40_00]);

    const reversed = await capturedOrder();
    await deliverPaypal("PAYMENT.CAPTURE.COMPLETED", { id: reversed.captureId });
    // PayPal sends the reversal itself, a refund linking up to the capture it takes back.
    const reversal = refundResource(reversed.captureId, "49.00");
    await deliverPaypal("PAYMENT.CAPTURE.REVERSED", reversal);
    expect(await licenseOf(reversed.orderId)).toMatchObject({ status: "suspended", statusReason: "dispute_lost" });
    const bare = await capturedOrder();
    await deliverPaypal("PAYMENT.CAPTURE.COMPLETED", { id: bare.captureId });
    await deliverPaypal("PAYMENT.CAPTURE.REVERSED", { id: bare.captureId });
    expect(await licenseOf(bare.orderId)).toMatchObject({ status: "suspended", statusReason: "dispute_lost" });
    // A reversal that links to no capture can never apply.
    const lost = {
      ...reversal,
      id: "1RNOCAPTURE",
      links: [{ rel: "self", href: `${SANDBOX}/v2/payments/refunds/1RNOCAPTURE` }],
    };
    expect(await deliverPaypal("PAYMENT.CAPTURE.REVERSED", lost).catch((e: unknown) => e)).toMatchObject({
      name: "PermanentJobError",
    });
  });

  it("provisions a subscription from its first sale and renews it with the next; each sale counts once", async () => {
    const { orderId, subscriptionId } = await activeSubscription();
    // PayPal announces the activation with the first sale: until that sale is applied, it waits.
    expect(
      await deliverPaypal("BILLING.SUBSCRIPTION.ACTIVATED", { id: subscriptionId }).catch((e: unknown) => e),
    ).toMatchObject({ name: "SubscriptionNotYetKnownError" });

    const first = sale(subscriptionId);
    await deliverPaypal("PAYMENT.SALE.COMPLETED", first);
    await deliverPaypal("PAYMENT.SALE.COMPLETED", first);
    expect(await orderRow(orderId)).toMatchObject({ status: "paid", providerSubscriptionId: subscriptionId });
    expect(await subscriptionRow(subscriptionId)).toMatchObject({
      status: "active",
      currentPeriodEnd: new Date("2027-01-10T00:00:00Z"),
    });
    const issued = await licenseOf(orderId);
    expect(issued).toMatchObject({ status: "active", expiresAt: new Date("2027-01-10T00:00:00Z") });
    await deliverPaypal("BILLING.SUBSCRIPTION.ACTIVATED", { id: subscriptionId });

    setSubscription(subscriptionId, "ACTIVE", new Date("2027-02-10T00:00:00Z"));
    const renewal = sale(subscriptionId);
    await deliverPaypal("PAYMENT.SALE.COMPLETED", renewal);
    await deliverPaypal("PAYMENT.SALE.COMPLETED", renewal);
    expect((await licenseOf(orderId))!.expiresAt).toEqual(new Date("2027-02-10T00:00:00Z"));
    expect(await subscriptionRow(subscriptionId)).toMatchObject({
      currentPeriodEnd: new Date("2027-02-10T00:00:00Z"),
    });
    const payments = await db()
      .select()
      .from(transactions)
      .where(eq(transactions.tenantId, (await subscriptionRow(subscriptionId))!.tenantId));
    expect(payments.map((row) => [row.providerTransactionId, row.amountMinor]).sort()).toEqual(
      [
        [first.id, 19_00],
        [renewal.id, 19_00],
      ].sort(),
    );
  });

  it("follows the subscription's state at PayPal: failing payments, suspension, cancellation, expiry", async () => {
    const { subscriptionId } = await activeSubscription();
    await deliverPaypal("PAYMENT.SALE.COMPLETED", sale(subscriptionId));
    const at = (minutes: number) => new Date(Date.now() + minutes * 60_000);

    await deliverPaypal("BILLING.SUBSCRIPTION.PAYMENT.FAILED", { id: subscriptionId }, at(1));
    expect(await subscriptionRow(subscriptionId)).toMatchObject({ status: "past_due" });
    setSubscription(subscriptionId, "SUSPENDED", new Date("2027-01-10T00:00:00Z"));
    await deliverPaypal("BILLING.SUBSCRIPTION.SUSPENDED", { id: subscriptionId }, at(2));
    expect(await subscriptionRow(subscriptionId)).toMatchObject({ status: "suspended" });
    setSubscription(subscriptionId, "CANCELLED", new Date("2027-01-10T00:00:00Z"));
    await deliverPaypal("BILLING.SUBSCRIPTION.CANCELLED", { id: subscriptionId }, at(3));
    expect(await subscriptionRow(subscriptionId)).toMatchObject({ status: "canceled", cancelAtPeriodEnd: true });
    // A late failure notice, older than the cancellation, changes nothing.
    await deliverPaypal("BILLING.SUBSCRIPTION.PAYMENT.FAILED", { id: subscriptionId }, at(1.5));
    expect(await subscriptionRow(subscriptionId)).toMatchObject({ status: "canceled" });
    setSubscription(subscriptionId, "EXPIRED", new Date("2027-01-10T00:00:00Z"));
    await deliverPaypal("BILLING.SUBSCRIPTION.EXPIRED", { id: subscriptionId }, at(4));
    expect(await subscriptionRow(subscriptionId)).toMatchObject({ status: "expired" });
  });

  it("records a subscription sale's refunds; all of it refunded suspends the license", async () => {
    const { orderId, subscriptionId } = await activeSubscription();
    const first = sale(subscriptionId);
    await deliverPaypal("PAYMENT.SALE.COMPLETED", first);
    const saleRefund = (value: string, state = "completed") => ({
      id: `4R${randomUUID().slice(0, 12).toUpperCase()}`,
      state,
      sale_id: first.id,
      amount: { total: value, currency: "USD" },
    });
    await deliverPaypal("PAYMENT.SALE.REFUNDED", saleRefund("19.00", "pending"));
    expect((await licenseOf(orderId))!.status).toBe("active");
    await deliverPaypal("PAYMENT.SALE.REFUNDED", saleRefund("19.00"));
    expect(await licenseOf(orderId)).toMatchObject({ status: "suspended", statusReason: "refund" });
    expect(
      await deliverPaypal("PAYMENT.SALE.REFUNDED", { id: "4RBROKEN", state: "completed" }).catch((e: unknown) => e),
    ).toMatchObject({ name: "PermanentJobError" });
  });

  it("suspends on a dispute; the seller winning it reinstates, the buyer winning it keeps it suspended", async () => {
    const dispute = (captureId: string, outcome?: string) => ({
      dispute_id: `PP-D-${randomUUID().slice(0, 8)}`,
      disputed_transactions: [{ seller_transaction_id: captureId }],
      ...(outcome && { dispute_outcome: { outcome_code: outcome } }),
    });
    const won = await capturedOrder();
    await deliverPaypal("PAYMENT.CAPTURE.COMPLETED", { id: won.captureId });
    await deliverPaypal("CUSTOMER.DISPUTE.CREATED", dispute(won.captureId));
    expect(await licenseOf(won.orderId)).toMatchObject({ status: "suspended", statusReason: "dispute" });
    await deliverPaypal("CUSTOMER.DISPUTE.RESOLVED", dispute(won.captureId, "RESOLVED_SELLER_FAVOUR"));
    expect(await licenseOf(won.orderId)).toMatchObject({ status: "active" });

    const lost = await capturedOrder();
    await deliverPaypal("PAYMENT.CAPTURE.COMPLETED", { id: lost.captureId });
    await deliverPaypal("CUSTOMER.DISPUTE.RESOLVED", dispute(lost.captureId, "RESOLVED_BUYER_FAVOUR"));
    expect(await licenseOf(lost.orderId)).toMatchObject({ status: "suspended", statusReason: "dispute_lost" });

    const unreadable = { dispute_id: "PP-D-BROKEN", disputed_transactions: [] };
    expect(await deliverPaypal("CUSTOMER.DISPUTE.CREATED", unreadable).catch((e: unknown) => e)).toMatchObject({
      name: "PermanentJobError",
    });
  });

  it("records sales that are not a subscription's completed payment, and refuses sales it cannot place", async () => {
    expect(await deliverPaypal("PAYMENT.SALE.COMPLETED", sale(undefined))).toBe("processed");
    const { subscriptionId } = await activeSubscription();
    expect(await deliverPaypal("PAYMENT.SALE.COMPLETED", sale(subscriptionId, "19.00", "pending"))).toBe("processed");
    expect(await subscriptionRow(subscriptionId)).toBeUndefined();

    expect(await deliverPaypal("PAYMENT.SALE.COMPLETED", { id: "8SBROKEN" }).catch((e: unknown) => e)).toMatchObject({
      name: "PermanentJobError",
    });
    paypal.subscriptions.set("I-ORPHAN", { id: "I-ORPHAN", status: "ACTIVE" });
    expect(await deliverPaypal("PAYMENT.SALE.COMPLETED", sale("I-ORPHAN")).catch((e: unknown) => e)).toMatchObject({
      name: "PermanentJobError",
      message: expect.stringMatching(/names no order/),
    });
    const stranger = { ...sale("I-ORPHAN"), custom: randomUUID() };
    expect(await deliverPaypal("PAYMENT.SALE.COMPLETED", stranger).catch((e: unknown) => e)).toMatchObject({
      name: "PermanentJobError",
      message: expect.stringMatching(/No checkout order/),
    });
  });

  it("fails for good what can never be provisioned", async () => {
    const orphan = `3C${randomUUID().slice(0, 12).toUpperCase()}`;
    paypal.captures.set(orphan, { id: orphan, status: "COMPLETED", amount: { currency_code: "USD", value: "1.00" } });
    for (const type of ["PAYMENT.CAPTURE.COMPLETED", "PAYMENT.CAPTURE.DENIED"]) {
      expect(await deliverPaypal(type, { id: orphan }).catch((e: unknown) => e)).toMatchObject({
        name: "PermanentJobError",
      });
    }
    const noCapture = { ...refundResource("x", "1.00"), links: [] };
    expect(await deliverPaypal("PAYMENT.CAPTURE.REFUNDED", noCapture).catch((e: unknown) => e)).toMatchObject({
      name: "PermanentJobError",
    });
    expect(await deliverPaypal("PAYMENT.CAPTURE.COMPLETED", {}).catch((e: unknown) => e)).toMatchObject({
      name: "PermanentJobError",
    });
    const empty = `3C${randomUUID().slice(0, 12).toUpperCase()}`;
    paypal.captures.set(empty, { id: empty, status: "COMPLETED" });
    expect(await deliverPaypal("PAYMENT.CAPTURE.COMPLETED", { id: empty }).catch((e: unknown) => e)).toMatchObject({
      code: "gateway_error",
      message: expect.stringMatching(/empty/),
    });
  });
});
