import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { transactions } from "@/db/schema";
import { setProcessEnv } from "@/lib/env";
import { refundPayment, RefundInputSchema } from "@/services/payment";
import { startFakeStripe } from "@/tests/support/fake-stripe";
import { createPayment } from "@/tests/support/payment-fixtures";
import { setupTestDatabase } from "@/tests/support/test-database";

const database = setupTestDatabase();
const db = () => database.current.connection.db;
const DAY = 24 * 60 * 60 * 1000;
let stripe: Awaited<ReturnType<typeof startFakeStripe>>;

beforeAll(async () => {
  stripe = await startFakeStripe();
  setProcessEnv({
    STRIPE_SECRET_KEY: "sk_test_refund",
    STRIPE_WEBHOOK_SECRET: "whsec_refund",
    STRIPE_API_BASE: stripe.url,
  });
});
afterAll(() => stripe.close());
beforeEach(() => {
  stripe.calls.length = 0;
});

const refund = (transactionId: string, amountMinor?: number) =>
  refundPayment(RefundInputSchema.parse({ transactionId, amountMinor }), { db: db() });
const refundsOf = (paymentId: string) => db().select().from(transactions).where(eq(transactions.refundOfId, paymentId));

describe("refundPayment", () => {
  it("refunds part, then the rest, each recorded once under the provider's refund id", async () => {
    const payment = await createPayment(db(), { amountMinor: 100_00 });
    const first = await refund(payment.id, 30_00);
    expect(first).toMatchObject({ amountMinor: 30_00, currency: "USD", status: "succeeded", remainingMinor: 70_00 });
    expect(Object.fromEntries(stripe.calls[0]!.params)).toEqual({
      payment_intent: payment.providerTransactionId,
      amount: "3000",
    });
    expect(stripe.calls[0]!.idempotencyKey).toBe(`refund-${first.refundId}`);
    const rest = await refund(payment.id);
    expect(rest).toMatchObject({ amountMinor: 70_00, remainingMinor: 0 });

    const rows = await refundsOf(payment.id);
    expect(
      rows.map((row) => [row.kind, row.providerTransactionId, row.amountMinor, row.status, row.tenantId]).sort(),
    ).toEqual(
      [
        ["refund", first.providerRefundId, 30_00, "succeeded", payment.tenantId],
        ["refund", rest.providerRefundId, 70_00, "succeeded", payment.tenantId],
      ].sort(),
    );
  });

  it("refuses more than remains, naming the field, and asks the provider nothing", async () => {
    const payment = await createPayment(db(), { amountMinor: 50_00 });
    await refund(payment.id, 40_00);
    stripe.calls.length = 0;
    const over = await refund(payment.id, 10_01).catch((e: unknown) => e);
    expect(over).toMatchObject({
      code: "validation_failed",
      field: "amountMinor",
      userMessage: expect.stringMatching(/at most 1000/),
    });
    await refund(payment.id);
    expect(await refund(payment.id).catch((e: unknown) => e)).toMatchObject({ code: "validation_failed" });
    expect(stripe.calls).toHaveLength(1);
  });

  it("lets two refunds at once take no more than the payment", async () => {
    const payment = await createPayment(db(), { amountMinor: 60_00 });
    const results = await Promise.allSettled([refund(payment.id, 40_00), refund(payment.id, 40_00)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refunded = (await refundsOf(payment.id)).reduce((sum, row) => sum + row.amountMinor, 0);
    expect(refunded).toBe(40_00);
  });

  it("refunds inside the window and refuses outside it", async () => {
    const inside = await createPayment(db(), { occurredAt: new Date(Date.now() - 179 * DAY) });
    await expect(refund(inside.id)).resolves.toMatchObject({ status: "succeeded" });
    const outside = await createPayment(db(), { occurredAt: new Date(Date.now() - 181 * DAY) });
    expect(await refund(outside.id).catch((e: unknown) => e)).toMatchObject({
      code: "refused",
      userMessage: expect.stringMatching(/within 180 days/),
    });
  });

  it("keeps a refund the provider failed as failed, so it does not count", async () => {
    const payment = await createPayment(db(), { amountMinor: 20_00 });
    stripe.failNext(400);
    expect(await refund(payment.id).catch((e: unknown) => e)).toMatchObject({ code: "gateway_error" });
    expect(await refundsOf(payment.id)).toMatchObject([{ status: "failed", amountMinor: 20_00 }]);
    await expect(refund(payment.id)).resolves.toMatchObject({ amountMinor: 20_00 });
  });

  it("writes nothing for a refund its provider cannot take here: unconfigured, or Gumroad without a token", async () => {
    const paypal = await createPayment(db(), { provider: "paypal", amountMinor: 20_00 });
    expect(await refund(paypal.id).catch((e: unknown) => e)).toMatchObject({ code: "service_unavailable" });
    setProcessEnv({ GUMROAD_SELLER_ID: "seller-refunds", GUMROAD_PING_TOKEN: "r".repeat(32) });
    try {
      const gumroad = await createPayment(db(), { provider: "gumroad", amountMinor: 20_00 });
      expect(await refund(gumroad.id).catch((e: unknown) => e)).toMatchObject({ code: "service_unavailable" });
      expect(await refundsOf(gumroad.id)).toEqual([]);
    } finally {
      setProcessEnv({ GUMROAD_SELLER_ID: undefined, GUMROAD_PING_TOKEN: undefined });
    }
    expect(await refundsOf(paypal.id)).toEqual([]);
  });

  it("finds the refund the webhook recorded first, instead of counting it twice", async () => {
    const payment = await createPayment(db(), { amountMinor: 20_00 });
    // Stripe has refunded and its webhook is recorded before Stripe's answer to us arrives.
    stripe.hooks.beforeRefundAnswer = async (answer) => {
      await db()
        .insert(transactions)
        .values({
          tenantId: payment.tenantId,
          provider: "stripe",
          providerTransactionId: answer.id as string,
          kind: "refund",
          refundOfId: payment.id,
          amountMinor: 5_00,
          currency: "USD",
          status: "succeeded",
          environment: "test",
          occurredAt: new Date(),
        });
    };
    const raced = await refund(payment.id, 5_00).finally(() => (stripe.hooks.beforeRefundAnswer = undefined));
    const rows = await refundsOf(payment.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: raced.refundId,
      providerTransactionId: raced.providerRefundId,
      amountMinor: 5_00,
    });
  });

  it("refuses what is not a successful payment, and unknown ids", async () => {
    const payment = await createPayment(db());
    const { refundId } = await refund(payment.id, 1_00);
    expect(await refund(refundId).catch((e: unknown) => e)).toMatchObject({ code: "refused" });
    expect(await refund("00000000-0000-4000-8000-000000000000").catch((e: unknown) => e)).toMatchObject({
      code: "not_found",
      field: "transactionId",
    });
  });
});
