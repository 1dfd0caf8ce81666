import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as paypalReturn } from "@/app/api/v1/payments/paypal/return/route";
import { checkoutOrders } from "@/db/schema";
import { setProcessEnv } from "@/lib/env";
import { createCheckoutSession, CreateCheckoutInputSchema } from "@/services/payment";
import { PAYPAL_TEST_ENV, startFakePaypal } from "@/tests/support/fake-paypal";
import { createProduct } from "@/tests/support/license-fixtures";
import { setupTestDatabase } from "@/tests/support/test-database";

const database = setupTestDatabase();
const db = () => database.current.connection.db;
let fake: ReturnType<typeof startFakePaypal>;

beforeAll(() => {
  fake = startFakePaypal();
  setProcessEnv({ ...PAYPAL_TEST_ENV, APP_URL: "http://shop.test" });
});
afterAll(() => fake.close());

async function paypalOrder() {
  const product = await createProduct(db());
  const input = CreateCheckoutInputSchema.parse({
    productSlug: product.slug,
    provider: "paypal",
    email: "b@example.com",
  });
  return (await createCheckoutSession(input, { db: db() })).orderId;
}
const returning = (orderId: string) =>
  paypalReturn(new Request(`http://shop.test/api/v1/payments/paypal/return?order=${orderId}`));

describe("GET /api/v1/payments/paypal/return", () => {
  it("is where PayPal sends the buyer back; it captures, then shows the order", async () => {
    const orderId = await paypalOrder();
    const created = fake.calls.find((call) => call.path === "/v2/checkout/orders")!;
    expect(created.body).toMatchObject({
      payment_source: {
        paypal: {
          experience_context: { return_url: `http://shop.test/api/v1/payments/paypal/return?order=${orderId}` },
        },
      },
    });
    const response = await returning(orderId);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`http://shop.test/checkout/success?order=${orderId}`);
    const [order] = await db().select().from(checkoutOrders).where(eq(checkoutOrders.id, orderId));
    expect(order!.providerPaymentId).toEqual(expect.any(String));
  });

  it("still shows the order when the capture fails, saying so", async () => {
    const orderId = await paypalOrder();
    fake.failNext(503, 503, 503);
    const response = await returning(orderId);
    expect(response.headers.get("location")).toBe(`http://shop.test/checkout/success?order=${orderId}&capture=failed`);
    await db().update(checkoutOrders).set({ status: "paid" }).where(eq(checkoutOrders.id, orderId));
    expect((await returning(orderId)).headers.get("location")).toMatch(/capture=not_needed$/);
  });
});
