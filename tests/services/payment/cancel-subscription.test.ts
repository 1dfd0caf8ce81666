import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { setProcessEnv } from "@/lib/env";
import { cancelSubscription } from "@/services/payment";
import { startFakePaypal } from "@/tests/support/fake-paypal";
import { startFakeStripe } from "@/tests/support/fake-stripe";
import { createSubscription } from "@/tests/support/payment-fixtures";
import { setupTestDatabase } from "@/tests/support/test-database";

const database = setupTestDatabase();
const db = () => database.current.connection.db;
let stripe: Awaited<ReturnType<typeof startFakeStripe>>;
let paypal: ReturnType<typeof startFakePaypal>;

beforeAll(async () => {
  stripe = await startFakeStripe();
  paypal = startFakePaypal();
  setProcessEnv({
    STRIPE_SECRET_KEY: "sk_test_cancel",
    STRIPE_WEBHOOK_SECRET: "whsec_cancel",
    STRIPE_API_BASE: stripe.url,
    PAYPAL_CLIENT_ID: "cancel-client",
    PAYPAL_CLIENT_SECRET: "cancel-secret",
    PAYPAL_WEBHOOK_ID: "WH-CANCEL",
  });
});
afterAll(async () => {
  paypal.close();
  await stripe.close();
});
beforeEach(() => {
  stripe.calls.length = 0;
  paypal.reset();
});

describe("cancelSubscription", () => {
  it("stops a Stripe subscription at the end of its period, once", async () => {
    const subscription = await createSubscription(db(), { provider: "stripe" });
    const cancelled = await cancelSubscription(subscription.id, { db: db() });
    expect(cancelled).toEqual({
      subscriptionId: subscription.id,
      status: "active",
      currentPeriodEnd: subscription.currentPeriodEnd,
      endsAt: "period_end",
    });
    expect(stripe.calls[0]).toMatchObject({ path: `/v1/subscriptions/${subscription.providerSubscriptionId}` });
    expect(await cancelSubscription(subscription.id, { db: db() })).toEqual(cancelled);
    expect(stripe.calls).toHaveLength(1);
  });

  it("cancels a PayPal subscription at once, the paid period still standing", async () => {
    const subscription = await createSubscription(db(), { provider: "paypal" });
    const cancelled = await cancelSubscription(subscription.id, { db: db() });
    expect(cancelled).toMatchObject({
      status: "canceled",
      endsAt: "now",
      currentPeriodEnd: subscription.currentPeriodEnd,
    });
    expect(paypal.calls.at(-1)).toMatchObject({
      path: `/v1/billing/subscriptions/${subscription.providerSubscriptionId}/cancel`,
    });
    expect(await cancelSubscription(subscription.id, { db: db() })).toMatchObject({
      status: "canceled",
      endsAt: "now",
    });
  });

  it("answers 404 for an unknown subscription", async () => {
    for (const id of ["nope", "00000000-0000-4000-8000-000000000000"]) {
      expect(await cancelSubscription(id, { db: db() }).catch((e: unknown) => e)).toMatchObject({ code: "not_found" });
    }
  });
});
