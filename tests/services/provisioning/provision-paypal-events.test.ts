import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkoutOrders, licenses, transactions } from "@/db/schema";
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

async function deliverPaypal(type: string, resource: Record<string, unknown>) {
  const id = `WH-${randomUUID()}`;
  const body = JSON.stringify({ id, event_type: type, create_time: new Date().toISOString(), resource });
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
    await deliverPaypal("PAYMENT.CAPTURE.REVERSED", { id: reversed.captureId });
    expect(await licenseOf(reversed.orderId)).toMatchObject({ status: "suspended", statusReason: "dispute_lost" });
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
