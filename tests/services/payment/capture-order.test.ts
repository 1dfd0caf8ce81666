import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { checkoutOrders } from "@/db/schema";
import { setProcessEnv } from "@/lib/env";
import { captureOrder, createCheckoutSession, CreateCheckoutInputSchema } from "@/services/payment";
import { PAYPAL_TEST_ENV, startFakePaypal } from "@/tests/support/fake-paypal";
import { createProduct } from "@/tests/support/license-fixtures";
import { setupTestDatabase } from "@/tests/support/test-database";

const database = setupTestDatabase();
const db = () => database.current.connection.db;
let fake: ReturnType<typeof startFakePaypal>;

beforeAll(() => {
  fake = startFakePaypal();
  setProcessEnv(PAYPAL_TEST_ENV);
});
afterAll(() => {
  fake.close();
  setProcessEnv({ PAYPAL_CLIENT_ID: undefined, PAYPAL_CLIENT_SECRET: undefined, PAYPAL_WEBHOOK_ID: undefined });
});
beforeEach(() => fake.reset());

async function approvedPaypalOrder(kind: "one_time" | "subscription" = "one_time") {
  const product = await createProduct(db(), {
    priceMinor: 59_00,
    ...(kind === "subscription" && { kind, billingInterval: "month", paypalPlanId: "P-PLAN" }),
  });
  const input = CreateCheckoutInputSchema.parse({
    productSlug: product.slug,
    provider: "paypal",
    email: "b@example.com",
  });
  const { orderId } = await createCheckoutSession(input, { db: db() });
  fake.reset();
  return orderId;
}

const captureCalls = () => fake.calls.filter((call) => call.path.endsWith("/capture"));
const order = async (id: string) => (await db().select().from(checkoutOrders).where(eq(checkoutOrders.id, id)))[0]!;

describe("captureOrder", () => {
  it("captures once through two transient failures, every attempt with the same request id", async () => {
    const orderId = await approvedPaypalOrder();
    fake.failNext(503, "network");
    const captured = await captureOrder(orderId, { db: db() });
    expect(captured).toMatchObject({ orderId, amountMinor: 59_00, currency: "USD", status: "completed" });
    expect(captureCalls().map((call) => call.requestId)).toEqual(Array(3).fill(`capture-${orderId}`));
    expect(await order(orderId)).toMatchObject({ providerPaymentId: captured.providerPaymentId, status: "pending" });
    // The buyer's page reloads: the same request id answers the same capture.
    expect(await captureOrder(orderId, { db: db() })).toEqual(captured);
  });

  it("gives up after three transient failures with an error naming the provider and reason; nothing captured", async () => {
    const orderId = await approvedPaypalOrder();
    fake.failNext(503, 502, "network");
    const error = await captureOrder(orderId, { db: db() }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "gateway_error",
      ownerMessage: expect.stringMatching(
        /^paypal could not capture the payment after 3 attempts: .*could not be reached/,
      ),
      details: { provider: "paypal", attempts: 3 },
    });
    expect(captureCalls()).toHaveLength(3);
    expect(await order(orderId)).toMatchObject({ providerPaymentId: null });
  });

  it("does not retry a refusal", async () => {
    const orderId = await approvedPaypalOrder();
    fake.failNext(422);
    const error = await captureOrder(orderId, { db: db() }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "gateway_error", ownerMessage: expect.stringMatching(/UNPROCESSABLE_ENTITY/) });
    expect(captureCalls()).toHaveLength(1);
  });

  it("refuses what has nothing to capture", async () => {
    expect(await captureOrder("not-an-id", { db: db() }).catch((e: unknown) => e)).toMatchObject({ code: "not_found" });
    const subscription = await approvedPaypalOrder("subscription");
    expect(await captureOrder(subscription, { db: db() }).catch((e: unknown) => e)).toMatchObject({ code: "refused" });
    const paid = await approvedPaypalOrder();
    await db().update(checkoutOrders).set({ status: "paid" }).where(eq(checkoutOrders.id, paid));
    expect(await captureOrder(paid, { db: db() }).catch((e: unknown) => e)).toMatchObject({ code: "refused" });
    expect(captureCalls()).toHaveLength(0);
  });
});
