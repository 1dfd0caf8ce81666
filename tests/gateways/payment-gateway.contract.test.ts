import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGumroadGateway } from "@/gateways/gumroad/gumroad-gateway";
import { createPaypalGateway } from "@/gateways/paypal/paypal-gateway";
import { createSimulatedGateway } from "@/gateways/simulated/simulated-gateway";
import { createStripeGateway } from "@/gateways/stripe/stripe-gateway";
import type { CheckoutProduct, PaymentGateway } from "@/gateways/types";
import { AppError } from "@/lib/errors";
import { startFakeGumroad } from "@/tests/support/fake-gumroad";
import { startFakePaypal } from "@/tests/support/fake-paypal";
import { startFakeStripe } from "@/tests/support/fake-stripe";
import { checkoutProduct, checkoutRequest } from "@/tests/support/gateway-fixtures";

const oneTime = checkoutProduct();
const monthly = checkoutProduct({
  slug: "care-plan",
  name: "Care plan",
  kind: "subscription",
  billingInterval: "month",
  stripePriceId: "price_care",
  paypalPlanId: "P-CARE",
});

let fakeStripe: Awaited<ReturnType<typeof startFakeStripe>>;
let fakePaypal: ReturnType<typeof startFakePaypal>;
let fakeGumroad: ReturnType<typeof startFakeGumroad>;
beforeAll(async () => {
  fakeStripe = await startFakeStripe();
  fakePaypal = startFakePaypal();
  fakeGumroad = startFakeGumroad({ accessToken: "contract-token" });
  const periodEnd = Math.floor(Date.parse("2027-01-01T00:00:00Z") / 1000);
  fakeStripe.objects.set("sub_contract", {
    id: "sub_contract",
    object: "subscription",
    status: "active",
    cancel_at_period_end: false,
    items: { object: "list", data: [{ id: "si_1", current_period_end: periodEnd }] },
  });
  fakePaypal.subscriptions.set("sub_contract", {
    id: "sub_contract",
    status: "ACTIVE",
    billing_info: {
      next_billing_time: "2027-01-01T00:00:00Z",
      outstanding_balance: { currency_code: "USD", value: "0.00" },
      failed_payments_count: 0,
    },
  });
  fakeGumroad.sales.set("pi_contract", {
    id: "pi_contract",
    email: "b@example.com",
    product_id: "p",
    price: 4900,
    refunded: false,
  });
});
afterAll(async () => {
  fakeGumroad.close();
  fakePaypal.close();
  await fakeStripe.close();
});

// The one contract every adapter keeps; provider-specific details have their own tests.
// Gumroad alone has no idempotency keys: the payment service never sends the same refund twice.
// Each with the money it takes here: test keys, the sandbox, Gumroad's real sales, play money.
describe.each<[string, () => PaymentGateway, { idempotentRefunds: boolean; environment: "live" | "test" }]>([
  [
    "stripe",
    () => createStripeGateway({ secretKey: "sk_test_contract", apiBase: fakeStripe.url }),
    { idempotentRefunds: true, environment: "test" },
  ],
  [
    "paypal",
    () => createPaypalGateway({ clientId: "contract-client", clientSecret: "contract-secret", environment: "sandbox" }),
    { idempotentRefunds: true, environment: "test" },
  ],
  [
    "gumroad",
    () => createGumroadGateway({ accessToken: "contract-token" }),
    { idempotentRefunds: false, environment: "live" },
  ],
  [
    "simulated",
    () => createSimulatedGateway({ appUrl: "http://shop.test" }),
    { idempotentRefunds: true, environment: "test" },
  ],
])("the %s gateway", (provider, create, { idempotentRefunds, environment }) => {
  const request = (orderId: string, product: CheckoutProduct) => checkoutRequest(orderId, product);

  it("names its provider and the money it takes", () => {
    expect(create().provider).toBe(provider);
    expect(create().environment).toBe(environment);
  });

  it("starts a hosted checkout for one-time and subscription products", async () => {
    const gateway = create();
    for (const product of [oneTime, monthly]) {
      const checkout = await gateway.createCheckout(request(`order-${product.slug}`, product));
      expect(new URL(checkout.url).protocol).toMatch(/^https?:$/);
      // Null only where the provider makes no checkout object (Gumroad's is a link).
      expect(checkout.providerCheckoutId === null || typeof checkout.providerCheckoutId === "string").toBe(true);
    }
  });

  it("answers a repeated checkout for the same order with the same checkout", async () => {
    const gateway = create();
    const first = await gateway.createCheckout(request("order-repeat", oneTime));
    const again = await gateway.createCheckout(request("order-repeat", oneTime));
    expect(again).toEqual(first);
  });

  it("captures an approved checkout once, for the order's amount, or refuses where the provider captures at checkout", async () => {
    const gateway = create();
    const { providerCheckoutId } = await gateway.createCheckout(request("order-capture", oneTime));
    const capture = {
      providerCheckoutId: providerCheckoutId!,
      amountMinor: 49_00,
      currency: "USD",
      idempotencyKey: "capture-order-capture",
    };
    const first = await gateway.captureOrder(capture).catch((error: unknown) => error);
    if (first instanceof AppError) {
      expect(first.code).toBe("refused");
      return;
    }
    expect(first).toMatchObject({
      providerPaymentId: expect.any(String),
      amountMinor: 49_00,
      currency: "USD",
      status: "completed",
    });
    expect(await gateway.captureOrder(capture)).toEqual(first);
  });

  it("cancels a subscription, saying when it ends, or refuses where the provider cannot", async () => {
    const cancelled = await create()
      .cancelSubscription("sub_contract")
      .catch((error: unknown) => error);
    if (cancelled instanceof AppError) expect(cancelled.code).toBe("refused");
    else expect(cancelled).toEqual({ endsAt: expect.stringMatching(/^(period_end|now)$/) });
  });

  it("reports a subscription's state at the provider, or refuses where it has no lookup", async () => {
    const found = await create()
      .getSubscription("sub_contract")
      .catch((error: unknown) => error);
    if (found instanceof AppError) return expect(found.code).toBe("refused");
    expect(found).toMatchObject({ status: "active", cancelAtPeriodEnd: false });
    const { currentPeriodEnd } = found as { currentPeriodEnd: Date | null };
    expect(currentPeriodEnd === null || currentPeriodEnd.toISOString() === "2027-01-01T00:00:00.000Z").toBe(true);
  });

  it("refunds an amount, naming each refund, once per key where the provider takes keys", async () => {
    const gateway = create();
    const refund = {
      providerPaymentId: "pi_contract",
      amountMinor: 12_00,
      currency: "USD",
      idempotencyKey: "refund-contract-1",
    };
    const first = await gateway.refund(refund);
    expect(first).toMatchObject({ amountMinor: 12_00, status: expect.stringMatching(/^(succeeded|pending)$/) });
    if (idempotentRefunds) expect(await gateway.refund(refund)).toEqual(first);
    const other = await gateway.refund({ ...refund, idempotencyKey: "refund-contract-2" });
    expect(other.providerRefundId).not.toBe(first.providerRefundId);
  });
});
