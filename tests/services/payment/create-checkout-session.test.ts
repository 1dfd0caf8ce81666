import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { checkoutOrders } from "@/db/schema";
import { setProcessEnv } from "@/lib/env";
import { type AppError } from "@/lib/errors";
import { createCheckoutSession, CreateCheckoutInputSchema } from "@/services/payment";
import { startFakeStripe } from "@/tests/support/fake-stripe";
import { createProduct } from "@/tests/support/license-fixtures";
import { setupTestDatabase } from "@/tests/support/test-database";

const database = setupTestDatabase();
const db = () => database.current.connection.db;
let fakeStripe: Awaited<ReturnType<typeof startFakeStripe>>;

const STRIPE = { STRIPE_SECRET_KEY: "sk_test_checkout", STRIPE_WEBHOOK_SECRET: "whsec_checkout" };
const UNCONFIGURED = { STRIPE_SECRET_KEY: undefined, STRIPE_WEBHOOK_SECRET: undefined, STRIPE_API_BASE: undefined };

beforeAll(async () => {
  fakeStripe = await startFakeStripe();
});
afterAll(() => fakeStripe.close());
afterEach(() =>
  setProcessEnv({ ...UNCONFIGURED, APP_ENV: "test", SIMULATED_PROVIDER: undefined, APP_URL: "http://shop.test" }),
);

const input = (overrides: Record<string, unknown>) =>
  CreateCheckoutInputSchema.parse({ provider: "stripe", email: "Buyer@Example.com", ...overrides });
const orderRow = async (id: string) => (await db().select().from(checkoutOrders).where(eq(checkoutOrders.id, id)))[0]!;
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as AppError,
  );

describe("createCheckoutSession", () => {
  it("records a pending order, then opens the provider's checkout carrying its id", async () => {
    setProcessEnv({ ...STRIPE, STRIPE_API_BASE: fakeStripe.url, APP_URL: "http://shop.test" });
    const product = await createProduct(db(), { stripePriceId: "price_one", priceMinor: 19_900, currency: "USD" });
    const session = await createCheckoutSession(input({ productSlug: product.slug, domain: "Shop.Example." }), {
      db: db(),
    });

    expect(session).toMatchObject({
      provider: "stripe",
      url: expect.stringMatching(/^https:\/\/checkout\.stripe\.com\//),
    });
    const order = await orderRow(session.orderId);
    expect(order).toMatchObject({
      productId: product.id,
      email: "buyer@example.com",
      domain: "shop.example",
      provider: "stripe",
      amountMinor: 19_900,
      currency: "USD",
      status: "pending",
      environment: "test",
      providerCheckoutId: expect.stringMatching(/^cs_test_/),
    });
    const params = fakeStripe.calls.at(-1)!.params;
    expect(params.get("client_reference_id")).toBe(session.orderId);
    expect(params.get("success_url")).toBe(`http://shop.test/checkout/success?order=${session.orderId}`);
  });

  it("takes simulated orders, as test money, where no real provider is configured", async () => {
    setProcessEnv({ APP_URL: "http://shop.test" });
    const product = await createProduct(db(), { kind: "subscription", billingInterval: "month" });
    const session = await createCheckoutSession(input({ productSlug: product.slug, provider: "simulated" }), {
      db: db(),
    });
    expect(session.provider).toBe("simulated");
    expect(session.url).toBe(`http://shop.test/simulated/checkout/${session.orderId}`);
    expect(await orderRow(session.orderId)).toMatchObject({
      provider: "simulated",
      environment: "test",
      providerCheckoutId: `sim_cs_${session.orderId}`,
    });
  });

  it("never lets another provider stand in: an unconfigured one is refused by name, writing nothing", async () => {
    const product = await createProduct(db(), { stripePriceId: "price_x", gumroadPermalink: "x" });
    const refusal = async (provider: string) => {
      const before = (await db().select().from(checkoutOrders)).length;
      const error = await failure(createCheckoutSession(input({ productSlug: product.slug, provider }), { db: db() }));
      expect((await db().select().from(checkoutOrders)).length).toBe(before);
      return error!;
    };
    // Nothing real configured: the simulated provider is on, and is the only one offered.
    expect(await refusal("paypal")).toMatchObject({
      code: "validation_failed",
      field: "provider",
      userMessage: `provider: ${product.name} is not sold through paypal here; choose simulated`,
    });
    // Stripe configured: the simulated provider is off unless switched on, and PayPal is still refused.
    setProcessEnv({ ...STRIPE, STRIPE_API_BASE: fakeStripe.url });
    expect((await refusal("simulated")).userMessage).toBe(
      `provider: ${product.name} is not sold through simulated here; choose stripe`,
    );
    expect((await refusal("paypal")).userMessage).toMatch(/choose stripe$/);
    setProcessEnv({ SIMULATED_PROVIDER: "true" });
    expect((await refusal("gumroad")).userMessage).toMatch(/choose stripe or simulated$/);
    // Nothing at all: said so, without naming settings to a buyer.
    setProcessEnv({ ...UNCONFIGURED, SIMULATED_PROVIDER: "false" });
    expect((await refusal("stripe")).userMessage).toMatch(/it cannot be bought here right now$/);
  });

  it("offers a configured provider only for products it knows", async () => {
    setProcessEnv({ ...STRIPE, STRIPE_API_BASE: fakeStripe.url });
    const unpriced = await createProduct(db(), { stripePriceId: null });
    const error = await failure(createCheckoutSession(input({ productSlug: unpriced.slug }), { db: db() }));
    expect(error).toMatchObject({ code: "validation_failed", field: "provider" });
  });

  it("refuses an unknown or retired product with 404 naming it", async () => {
    const retired = await createProduct(db(), { active: false });
    for (const productSlug of ["no-such-product", retired.slug]) {
      const error = await failure(createCheckoutSession(input({ productSlug }), { db: db() }));
      expect(error).toMatchObject({ code: "not_found", field: "productSlug" });
    }
  });

  it("refuses a currency the product is not sold in, naming the field", async () => {
    const product = await createProduct(db(), { currency: "VND", priceMinor: 990_000 });
    const error = await failure(
      createCheckoutSession(input({ productSlug: product.slug, provider: "simulated", currency: "usd" }), { db: db() }),
    );
    expect(error).toMatchObject({
      code: "validation_failed",
      field: "currency",
      userMessage: expect.stringMatching(/VND/),
    });
    const session = await createCheckoutSession(
      input({ productSlug: product.slug, provider: "simulated", currency: "VND" }),
      { db: db() },
    );
    expect(await orderRow(session.orderId)).toMatchObject({ amountMinor: 990_000, currency: "VND" });
  });

  it("keeps the order as failed when the provider fails, and passes the provider's error on", async () => {
    setProcessEnv({ ...STRIPE, STRIPE_API_BASE: fakeStripe.url });
    const product = await createProduct(db(), { stripePriceId: "price_failing" });
    fakeStripe.failNext(400);
    const error = await failure(createCheckoutSession(input({ productSlug: product.slug }), { db: db() }));
    expect(error).toMatchObject({ code: "gateway_error" });
    const [order] = await db().select().from(checkoutOrders).where(eq(checkoutOrders.productId, product.id));
    expect(order).toMatchObject({ status: "failed", providerCheckoutId: null });
  });
});
