import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as capturePaypalOrder } from "@/app/api/v1/payments/paypal/capture-order/route";
import { POST as createPaypalOrder } from "@/app/api/v1/payments/paypal/create-order/route";
import { POST as refund } from "@/app/api/v1/refunds/route";
import { POST as cancel } from "@/app/api/v1/subscriptions/[id]/cancel/route";
import { eq } from "drizzle-orm";
import { auditEvents } from "@/db/schema";
import { setProcessEnv } from "@/lib/env";
import { createApiKey, endOwnerSessions, revokeApiKey, setOwner, signInOwner } from "@/services/auth";
import { PAYPAL_TEST_ENV, startFakePaypal } from "@/tests/support/fake-paypal";
import { startFakeStripe } from "@/tests/support/fake-stripe";
import { createProduct } from "@/tests/support/license-fixtures";
import { createPayment, createSubscription } from "@/tests/support/payment-fixtures";
import { setupTestDatabase } from "@/tests/support/test-database";

const database = setupTestDatabase();
const db = () => database.current.connection.db;
const OWNER_API_KEY = "owner-key-for-the-route-tests-0123456789";
let stripe: Awaited<ReturnType<typeof startFakeStripe>>;
let paypal: ReturnType<typeof startFakePaypal>;

beforeAll(async () => {
  stripe = await startFakeStripe();
  paypal = startFakePaypal();
  setProcessEnv({
    STRIPE_SECRET_KEY: "sk_test_owner",
    STRIPE_WEBHOOK_SECRET: "whsec_owner",
    STRIPE_API_BASE: stripe.url,
    ...PAYPAL_TEST_ENV,
  });
});
afterAll(async () => {
  paypal.close();
  await stripe.close();
});

const request = (path: string, body: unknown, key?: string) =>
  new Request(`http://localhost${path}`, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "content-type": "application/json", ...(key && { authorization: `Bearer ${key}` }) },
  });
interface Answer {
  status: number;
  body: { orderId?: string; error?: { message: string } } & Record<string, unknown>;
}
const answer = async (response: Response): Promise<Answer> => ({
  status: response.status,
  body: (await response.json()) as Answer["body"],
});
const cancelling = (id: string, key?: string) =>
  cancel(request(`/api/v1/subscriptions/${id}/cancel`, {}, key), { params: Promise.resolve({ id }) });

describe("owner endpoints", () => {
  it("refuse any bearer while no owner key is configured, without naming the setting", async () => {
    setProcessEnv({ OWNER_API_KEY: undefined });
    const payment = await createPayment(db());
    const refused = await answer(await refund(request("/api/v1/refunds", { transactionId: payment.id }, "anything")));
    expect(refused).toMatchObject({
      status: 401,
      body: { error: { message: "Sign in, or send an API key: Authorization: Bearer <key>." } },
    });
    expect(JSON.stringify(refused.body)).not.toMatch(/OWNER_API_KEY/);
  });

  it("take the owner's API keys by scope: a read key cannot refund, a revoked key is refused; each try is recorded", async () => {
    setProcessEnv({ OWNER_API_KEY });
    const owner = { actor: "session" as const };
    const reader = await createApiKey(db(), { name: "reports", scope: "read" }, owner);
    const writer = await createApiKey(db(), { name: "ops", scope: "write" }, owner);
    const payment = await createPayment(db(), { amountMinor: 10_00 });
    const byReader = await answer(await refund(request("/api/v1/refunds", { transactionId: payment.id }, reader.key)));
    expect(byReader).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
    const byWriter = await refund(
      request("/api/v1/refunds", { transactionId: payment.id, amountMinor: 1_00 }, writer.key),
    );
    expect(byWriter.status).toBe(201);
    await revokeApiKey(db(), writer.apiKey.id, owner);
    expect((await refund(request("/api/v1/refunds", { transactionId: payment.id }, writer.key))).status).toBe(401);
    const lines = await db().select().from(auditEvents).where(eq(auditEvents.action, "payment.refund"));
    expect(lines).toContainEqual(
      expect.objectContaining({
        actor: "api_key",
        actorId: writer.apiKey.id,
        outcome: "succeeded",
        target: payment.id,
      }),
    );
  });

  it("take the owner's console session from its cookie, and no session signed before a sign-out everywhere", async () => {
    setProcessEnv({ OWNER_API_KEY });
    await setOwner(db(), { email: "owner@agency.example", password: "correct horse battery staple" });
    const session = await signInOwner(
      db(),
      { email: "owner@agency.example", password: "correct horse battery staple" },
      { ip: "192.0.2.77" },
    );
    const subscription = await createSubscription(db());
    const withCookie = (token: string, origin = "http://localhost") =>
      cancel(
        new Request(`http://localhost/api/v1/subscriptions/${subscription.id}/cancel`, {
          method: "POST",
          headers: { cookie: `theme=dark; agy_session=${token}`, origin, host: "localhost" },
        }),
        { params: Promise.resolve({ id: subscription.id }) },
      );
    // The cookie rides along with any request the browser makes: from another site's page it acts for nobody.
    const crossSite = await withCookie(session.token, "https://evil.example");
    expect(crossSite.status).toBe(403);
    expect(
      (await db().select().from(auditEvents).where(eq(auditEvents.action, "subscription.cancel"))).at(-1),
    ).toMatchObject({
      actor: "anonymous",
      outcome: "failed",
      details: expect.objectContaining({ code: "forbidden" }),
    });
    expect((await withCookie(session.token)).status).toBe(200);
    await endOwnerSessions(db());
    expect((await withCookie(session.token)).status).toBe(401);
  });

  it("refuse a missing or wrong key with 401, and do nothing", async () => {
    setProcessEnv({ OWNER_API_KEY });
    const callsBefore = stripe.calls.length;
    const payment = await createPayment(db());
    for (const key of [undefined, "wrong-key", `${OWNER_API_KEY}x`]) {
      expect((await refund(request("/api/v1/refunds", { transactionId: payment.id }, key))).status).toBe(401);
    }
    const subscription = await createSubscription(db());
    expect((await cancelling(subscription.id, "wrong-key")).status).toBe(401);
    expect(stripe.calls).toHaveLength(callsBefore);
  });

  it("refund with the owner's key: 201, 422 naming a bad field, 404 for an unknown payment", async () => {
    setProcessEnv({ OWNER_API_KEY });
    const payment = await createPayment(db(), { amountMinor: 25_00 });
    const done = await answer(
      await refund(request("/api/v1/refunds", { transactionId: payment.id, amountMinor: 5_00 }, OWNER_API_KEY)),
    );
    expect(done).toMatchObject({
      status: 201,
      body: { amountMinor: 5_00, remainingMinor: 20_00, status: "succeeded" },
    });
    const bad = await answer(
      await refund(request("/api/v1/refunds", { transactionId: payment.id, amountMinor: 1.5 }, OWNER_API_KEY)),
    );
    expect(bad).toMatchObject({ status: 422, body: { error: { message: expect.stringMatching(/^amountMinor:/) } } });
    const over = await answer(
      await refund(request("/api/v1/refunds", { transactionId: payment.id, amountMinor: 99_00 }, OWNER_API_KEY)),
    );
    expect(over).toMatchObject({
      status: 422,
      body: { error: { message: expect.stringMatching(/^amountMinor: at most 2000/) } },
    });
    const unknown = await refund(
      request("/api/v1/refunds", { transactionId: "00000000-0000-4000-8000-000000000000" }, OWNER_API_KEY),
    );
    expect(unknown.status).toBe(404);
  });

  it("cancel a subscription with the owner's key", async () => {
    setProcessEnv({ OWNER_API_KEY });
    const subscription = await createSubscription(db());
    const done = await answer(await cancelling(subscription.id, OWNER_API_KEY));
    expect(done).toMatchObject({ status: 200, body: { subscriptionId: subscription.id, endsAt: "period_end" } });
    expect((await cancelling("00000000-0000-4000-8000-000000000000", OWNER_API_KEY)).status).toBe(404);
    const notAnId = await answer(await cancelling("no-such-subscription", OWNER_API_KEY));
    expect(notAnId).toMatchObject({ status: 422, body: { error: { field: "id" } } });
  });
});

describe("PayPal's button endpoints", () => {
  it("create a PayPal order and capture it", async () => {
    const product = await createProduct(db());
    const created = await answer(
      await createPaypalOrder(
        request("/api/v1/payments/paypal/create-order", { productSlug: product.slug, email: "b@example.com" }),
      ),
    );
    expect(created).toMatchObject({
      status: 201,
      body: { provider: "paypal", paypalOrderId: expect.stringMatching(/^5O/) },
    });
    const captured = await answer(
      await capturePaypalOrder(request("/api/v1/payments/paypal/capture-order", { orderId: created.body.orderId! })),
    );
    expect(captured).toMatchObject({
      status: 200,
      body: { orderId: created.body.orderId, amountMinor: 4900, status: "completed" },
    });
  });

  it("refuse by name while PayPal is not configured: nothing stands in for it", async () => {
    setProcessEnv({ PAYPAL_CLIENT_ID: undefined, PAYPAL_CLIENT_SECRET: undefined, PAYPAL_WEBHOOK_ID: undefined });
    try {
      const product = await createProduct(db(), { stripePriceId: "price_x" });
      const created = await answer(
        await createPaypalOrder(
          request("/api/v1/payments/paypal/create-order", { productSlug: product.slug, email: "b@example.com" }),
        ),
      );
      expect(created).toMatchObject({
        status: 422,
        body: { error: { field: "provider", message: expect.stringMatching(/^provider: .* paypal .*choose stripe$/) } },
      });
    } finally {
      setProcessEnv(PAYPAL_TEST_ENV);
    }
  });

  it("name the bad field", async () => {
    const created = await answer(
      await createPaypalOrder(request("/api/v1/payments/paypal/create-order", { productSlug: "x" })),
    );
    expect(created).toMatchObject({ status: 422, body: { error: { message: expect.stringMatching(/^email:/) } } });
    const captured = await answer(
      await capturePaypalOrder(request("/api/v1/payments/paypal/capture-order", { orderId: "42" })),
    );
    expect(captured).toMatchObject({ status: 422, body: { error: { message: expect.stringMatching(/^orderId:/) } } });
  });
});
