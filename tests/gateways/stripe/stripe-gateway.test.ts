import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isTransientGatewayError } from "@/gateways/gateway-error";
import { createStripeGateway } from "@/gateways/stripe/stripe-gateway";
import { startFakeStripe } from "@/tests/support/fake-stripe";
import { checkoutRequest as checkout, failure } from "@/tests/support/gateway-fixtures";

let fake: Awaited<ReturnType<typeof startFakeStripe>>;
const gateway = () => createStripeGateway({ secretKey: "sk_test_gateway", apiBase: fake.url });
beforeAll(async () => {
  fake = await startFakeStripe();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.calls.length = 0;
  Object.assign(fake.quirks, { refundStatus: "succeeded", sessionUrl: true });
});

describe("the Stripe gateway", () => {
  it("takes the money its key is for: test keys test money, live keys live money", () => {
    expect(gateway().environment).toBe("test");
    expect(createStripeGateway({ secretKey: "rk_test_x", apiBase: fake.url }).environment).toBe("test");
    expect(createStripeGateway({ secretKey: "sk_live_x", apiBase: fake.url }).environment).toBe("live");
    expect(createStripeGateway({ secretKey: "rk_live_x", apiBase: fake.url }).environment).toBe("live");
  });

  it("opens a payment-mode session carrying the order id, keyed on the order", async () => {
    await gateway().createCheckout(checkout("order-1"));
    const [call] = fake.calls;
    expect(call).toMatchObject({ method: "POST", path: "/v1/checkout/sessions", idempotencyKey: "checkout-order-1" });
    const params = Object.fromEntries(call!.params);
    expect(params).toMatchObject({
      mode: "payment",
      "line_items[0][price]": "price_audit",
      "line_items[0][quantity]": "1",
      client_reference_id: "order-1",
      customer_email: "buyer@example.com",
      "metadata[checkout_order_id]": "order-1",
      "payment_intent_data[metadata][checkout_order_id]": "order-1",
      success_url: "http://shop.test/checkout/success?order=order-1",
    });
  });

  it("opens a subscription-mode session for a subscription product", async () => {
    await gateway().createCheckout(
      checkout("order-2", { kind: "subscription", billingInterval: "year", stripePriceId: "price_care" }),
    );
    const params = Object.fromEntries(fake.calls[0]!.params);
    expect(params).toMatchObject({
      mode: "subscription",
      "line_items[0][price]": "price_care",
      "subscription_data[metadata][checkout_order_id]": "order-2",
    });
    expect(params).not.toHaveProperty("payment_intent_data[metadata][checkout_order_id]");
  });

  it("refuses a product without a Stripe price id before calling Stripe, naming the setting", async () => {
    const error = await failure(gateway().createCheckout(checkout("order-3", { stripePriceId: null })));
    expect(error.code).toBe("service_unavailable");
    expect(error.ownerMessage).toMatch(/stripePriceId/);
    expect(fake.calls).toHaveLength(0);
  });

  it("reports Stripe's reason for an invalid request, not to be retried", async () => {
    fake.failNext(400);
    const error = await failure(gateway().createCheckout(checkout("order-4")));
    expect(error.code).toBe("gateway_error");
    expect(error.ownerMessage).toMatch(/stripe.*Failed with 400/);
    expect(isTransientGatewayError(error)).toBe(false);
    expect(fake.calls).toHaveLength(1);
  });

  it("retries Stripe's outages with the same key, then reports them as transient", async () => {
    fake.failNext(500, 500, 500);
    const error = await failure(gateway().createCheckout(checkout("order-5")));
    expect(isTransientGatewayError(error)).toBe(true);
    expect(error.details).toMatchObject({ provider: "stripe", status: 500 });
    expect(fake.calls.map((call) => call.idempotencyKey)).toEqual(Array(3).fill("checkout-order-5"));
  });

  it("reports an unreachable Stripe as transient", async () => {
    const closed = await startFakeStripe();
    await closed.close();
    const unreachable = createStripeGateway({ secretKey: "sk_test_gateway", apiBase: closed.url });
    const error = await failure(unreachable.cancelSubscription("sub_1"));
    expect(error.ownerMessage).toMatch(/could not be reached/);
    expect(isTransientGatewayError(error)).toBe(true);
  }, 15_000);

  it("fails a session that comes back without a page to send the buyer to", async () => {
    fake.quirks.sessionUrl = false;
    const error = await failure(gateway().createCheckout(checkout("order-6")));
    expect(error.message).toMatch(/no URL/);
  });

  it("cancels at the end of the paid period", async () => {
    expect(await gateway().cancelSubscription("sub_123")).toEqual({ endsAt: "period_end" });
    expect(fake.calls[0]).toMatchObject({ path: "/v1/subscriptions/sub_123", idempotencyKey: "cancel-sub_123" });
    expect(fake.calls[0]!.params.get("cancel_at_period_end")).toBe("true");
  });

  it("refunds part of a payment intent, and refuses a refund Stripe failed", async () => {
    const refund = await gateway().refund({
      providerPaymentId: "pi_1",
      amountMinor: 500,
      currency: "USD",
      idempotencyKey: "refund-a",
    });
    expect(refund).toMatchObject({
      amountMinor: 500,
      status: "succeeded",
      providerRefundId: expect.stringMatching(/^re_/),
    });
    expect(Object.fromEntries(fake.calls[0]!.params)).toEqual({ payment_intent: "pi_1", amount: "500" });
    fake.quirks.refundStatus = "failed";
    const error = await failure(
      gateway().refund({ providerPaymentId: "pi_1", amountMinor: 500, currency: "USD", idempotencyKey: "refund-b" }),
    );
    expect(error.message).toMatch(/refund is failed/);
  });

  it("reads a subscription's state, its period end from its items", async () => {
    const ends = [1_800_000_000, 1_800_086_400];
    const cases: [string, string][] = [
      ["trialing", "active"],
      ["unpaid", "past_due"],
      ["paused", "suspended"],
      ["incomplete_expired", "expired"],
      ["something_new", "pending"],
    ];
    for (const [stripeStatus, status] of cases) {
      fake.objects.set("sub_read", {
        id: "sub_read",
        object: "subscription",
        status: stripeStatus,
        cancel_at_period_end: true,
        items: { object: "list", data: ends.map((end, i) => ({ id: `si_${i}`, current_period_end: end })) },
      });
      expect(await gateway().getSubscription("sub_read")).toEqual({
        status,
        currentPeriodEnd: new Date(1_800_086_400_000),
        cancelAtPeriodEnd: true,
      });
    }
    fake.objects.set("sub_bare", {
      id: "sub_bare",
      object: "subscription",
      status: "active",
      cancel_at_period_end: false,
      items: { object: "list", data: [] },
    });
    expect((await gateway().getSubscription("sub_bare")).currentPeriodEnd).toBeNull();
  });

  it("reads back a checkout session: our order id, whether it is paid, what it bought and paid", async () => {
    const { providerCheckoutId } = await gateway().createCheckout(checkout("order-read"));
    expect(await gateway().getCheckoutSession(providerCheckoutId!)).toEqual({
      orderId: "order-read",
      paid: false,
      providerPaymentId: null,
      providerSubscriptionId: null,
      invoiceId: null,
      amountMinor: null,
      currency: null,
      environment: "test",
      priceIds: ["price_audit"],
      amountSubtotalMinor: null,
      discount: null,
      conversion: null,
      payerEmail: null,
    });
    // Line items come only when asked for: the gateway asks on every read.
    const read = fake.calls.filter(
      (call) => call.method === "GET" && call.path === `/v1/checkout/sessions/${providerCheckoutId}`,
    );
    expect([...read.at(-1)!.query.values()]).toEqual(["line_items"]);
    fake.objects.set("cs_paid", {
      id: "cs_paid",
      object: "checkout.session",
      client_reference_id: null,
      metadata: { checkout_order_id: "order-meta" },
      payment_status: "paid",
      payment_intent: { id: "pi_expanded", object: "payment_intent" },
      subscription: "sub_1",
      amount_subtotal: 6900,
      amount_total: 4900,
      currency: "eur",
      livemode: true,
      customer_details: { email: "payer@example.com" },
      discounts: [
        { coupon: { id: "co_launch", object: "coupon" }, promotion_code: "promo_LAUNCH" },
        { coupon: "co_vip" },
      ],
      total_details: { amount_discount: 2000, amount_shipping: 0, amount_tax: 0 },
      currency_conversion: { amount_subtotal: 7500, amount_total: 5300, fx_rate: "0.92", source_currency: "usd" },
    });
    expect(await gateway().getCheckoutSession("cs_paid")).toMatchObject({
      orderId: "order-meta",
      paid: true,
      providerPaymentId: "pi_expanded",
      providerSubscriptionId: "sub_1",
      amountMinor: 4900,
      currency: "EUR",
      environment: "live",
      priceIds: [],
      amountSubtotalMinor: 6900,
      discount: { codes: ["promo_LAUNCH", "co_vip"], amountMinor: 2000 },
      conversion: { currency: "USD", amountSubtotalMinor: 7500, amountTotalMinor: 5300 },
      payerEmail: "payer@example.com",
    });
    expect(await failure(gateway().getCheckoutSession("cs_missing"))).toMatchObject({
      ownerMessage: expect.stringMatching(/No such object/),
    });
  });

  it("reads back an invoice: its subscription, the payment that paid it, the period it covers", async () => {
    const invoice = {
      id: "in_1",
      object: "invoice",
      status: "paid",
      amount_paid: 4900,
      currency: "usd",
      period_end: 1_800_000_000,
      livemode: false,
      parent: { type: "subscription_details", subscription_details: { subscription: "sub_9" } },
      payments: {
        object: "list",
        data: [{ id: "inpay_1", status: "paid", payment: { type: "payment_intent", payment_intent: "pi_9" } }],
      },
    };
    fake.objects.set("in_1", invoice);
    expect(await gateway().getInvoice("in_1")).toEqual({
      providerSubscriptionId: "sub_9",
      providerPaymentId: "pi_9",
      paid: true,
      amountPaidMinor: 4900,
      currency: "USD",
      periodEnd: new Date(1_800_000_000_000),
      environment: "test",
    });
    expect(fake.calls.at(-1)!.method).toBe("GET");
    fake.objects.set("in_2", {
      ...invoice,
      id: "in_2",
      status: "open",
      parent: null,
      payments: { object: "list", data: [] },
    });
    expect(await gateway().getInvoice("in_2")).toMatchObject({
      providerSubscriptionId: null,
      providerPaymentId: "in_2",
      paid: false,
    });
  });
});
