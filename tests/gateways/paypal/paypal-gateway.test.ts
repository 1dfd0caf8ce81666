import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isTransientGatewayError } from "@/gateways/gateway-error";
import { createPaypalGateway } from "@/gateways/paypal/paypal-gateway";
import type { CheckoutProduct } from "@/gateways/types";
import { AppError } from "@/lib/errors";
import { startFakePaypal } from "@/tests/support/fake-paypal";
import { checkoutRequest as checkout, failure } from "@/tests/support/gateway-fixtures";

const subscription: Partial<CheckoutProduct> = {
  kind: "subscription",
  billingInterval: "month",
  paypalPlanId: "P-CARE",
};

let fake: ReturnType<typeof startFakePaypal>;
const gateway = () => createPaypalGateway({ clientId: "client", clientSecret: "secret", environment: "sandbox" });
const lastCall = () => fake.calls.at(-1)!;
beforeAll(() => {
  fake = startFakePaypal();
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

describe("the PayPal gateway", () => {
  it("takes test money in the sandbox and live money live", () => {
    const paypal = (environment: "sandbox" | "live") =>
      createPaypalGateway({ clientId: "c", clientSecret: "s", environment }).environment;
    expect(paypal("sandbox")).toBe("test");
    expect(paypal("live")).toBe("live");
  });

  it("creates an order carrying the checkout order id and the price in major units, keyed on the order", async () => {
    const created = await gateway().createCheckout(checkout("order-1"));
    expect(created.url).toBe(`https://www.sandbox.paypal.com/checkoutnow?token=${created.providerCheckoutId}`);
    expect(lastCall()).toMatchObject({ path: "/v2/checkout/orders", requestId: "order-order-1" });
    expect(lastCall().body).toMatchObject({
      intent: "CAPTURE",
      purchase_units: [{ custom_id: "order-1", amount: { currency_code: "USD", value: "49.00" } }],
      payment_source: {
        paypal: {
          email_address: "buyer@example.com",
          experience_context: { return_url: "http://shop.test/checkout/success?order=order-1", user_action: "PAY_NOW" },
        },
      },
    });
    await gateway().createCheckout(checkout("order-vnd", { currency: "VND", priceMinor: 990_000 }));
    expect(lastCall().body).toMatchObject({ purchase_units: [{ amount: { currency_code: "VND", value: "990000" } }] });
  });

  it("subscribes the buyer to the product's plan", async () => {
    const created = await gateway().createCheckout(checkout("order-2", subscription));
    expect(created.url).toContain(`ba_token=${created.providerCheckoutId}`);
    expect(lastCall()).toMatchObject({ path: "/v1/billing/subscriptions", requestId: "subscription-order-2" });
    expect(lastCall().body).toMatchObject({
      plan_id: "P-CARE",
      custom_id: "order-2",
      subscriber: { email_address: "buyer@example.com" },
      application_context: {
        return_url: "http://shop.test/checkout/success?order=order-2",
        user_action: "SUBSCRIBE_NOW",
      },
    });
  });

  it("refuses a subscription product without a plan id before calling PayPal, naming the setting", async () => {
    const error = await failure(gateway().createCheckout(checkout("order-3", { ...subscription, paypalPlanId: null })));
    expect(error).toMatchObject({ code: "service_unavailable", ownerMessage: expect.stringMatching(/paypalPlanId/) });
    expect(fake.calls).toHaveLength(0);
  });

  it("fails when PayPal answers without an approval link or an id", async () => {
    fake.quirks.bare = true;
    expect((await failure(gateway().createCheckout(checkout("order-4")))).message).toMatch(/no approval link/);
    expect((await failure(gateway().createCheckout(checkout("order-5", subscription)))).message).toMatch(
      /no approval link/,
    );
  });

  it("captures with the given request id, and checks what was captured", async () => {
    const { providerCheckoutId } = await gateway().createCheckout(checkout("order-6"));
    const request = {
      providerCheckoutId: providerCheckoutId!,
      amountMinor: 49_00,
      currency: "USD",
      idempotencyKey: "capture-6",
    };
    expect(await gateway().captureOrder(request)).toMatchObject({ amountMinor: 49_00, status: "completed" });
    expect(lastCall()).toMatchObject({
      path: `/v2/checkout/orders/${providerCheckoutId}/capture`,
      requestId: "capture-6",
    });

    fake.quirks.captureStatus = "PENDING";
    expect(await gateway().captureOrder({ ...request, idempotencyKey: "capture-6b" })).toMatchObject({
      status: "pending",
    });
    fake.quirks.captureStatus = "DECLINED";
    expect((await failure(gateway().captureOrder({ ...request, idempotencyKey: "capture-6c" }))).message).toMatch(
      /DECLINED/,
    );
    fake.quirks.captureStatus = "COMPLETED";
    fake.quirks.captureValue = "4.90";
    expect((await failure(gateway().captureOrder({ ...request, idempotencyKey: "capture-6d" }))).message).toMatch(
      /captured 4\.90 USD, not the order's amount/,
    );
    fake.quirks.bare = true;
    expect((await failure(gateway().captureOrder({ ...request, idempotencyKey: "capture-6e" }))).message).toMatch(
      /empty/,
    );
  });

  it("refunds part of a capture in major units, and reports PayPal's refund state", async () => {
    const refund = { providerPaymentId: "3C1", amountMinor: 5_00, currency: "USD", idempotencyKey: "refund-1" };
    expect(await gateway().refund(refund)).toMatchObject({
      amountMinor: 5_00,
      status: "succeeded",
      providerRefundId: expect.any(String),
    });
    expect(lastCall()).toMatchObject({ path: "/v2/payments/captures/3C1/refund", requestId: "refund-1" });
    expect(lastCall().body).toEqual({ amount: { currency_code: "USD", value: "5.00" } });
    fake.quirks.refundStatus = "PENDING";
    expect(await gateway().refund({ ...refund, idempotencyKey: "refund-2" })).toMatchObject({ status: "pending" });
    fake.quirks.refundStatus = "FAILED";
    expect((await failure(gateway().refund({ ...refund, idempotencyKey: "refund-3" }))).message).toMatch(
      /refund is FAILED/,
    );
    fake.quirks.refundStatus = "COMPLETED";
    fake.quirks.bare = true;
    expect((await failure(gateway().refund({ ...refund, idempotencyKey: "refund-4" }))).message).toMatch(
      /no refund id/,
    );
  });

  it("cancels a subscription at once, as PayPal does", async () => {
    expect(await gateway().cancelSubscription("I-SUB1")).toEqual({ endsAt: "now" });
    expect(lastCall()).toMatchObject({
      path: "/v1/billing/subscriptions/I-SUB1/cancel",
      body: { reason: expect.any(String) },
    });
  });

  it("says whether a failure may pass: PayPal's own reason for a 4xx, transient for a 5xx or a dropped connection", async () => {
    fake.failNext(422);
    const invalid = await failure(gateway().createCheckout(checkout("order-7")));
    expect(invalid.ownerMessage).toMatch(/paypal.*UNPROCESSABLE_ENTITY \(FAILED_WITH_422\)/);
    expect(isTransientGatewayError(invalid)).toBe(false);
    fake.failNext(503);
    const outage = await failure(gateway().createCheckout(checkout("order-8")));
    expect(outage.details).toMatchObject({ provider: "paypal", status: 503, transient: true });
    fake.failNext("network");
    const dropped = await failure(gateway().createCheckout(checkout("order-9")));
    expect(dropped.ownerMessage).toMatch(/could not be reached/);
    expect(isTransientGatewayError(dropped)).toBe(true);
  });

  it("reads a subscription's state and order; its next billing time ends the paid period", async () => {
    const billing = { outstanding_balance: { currency_code: "USD", value: "0.00" }, failed_payments_count: 0 };
    fake.subscriptions.set("I-READ", {
      id: "I-READ",
      status: "ACTIVE",
      custom_id: "order-1",
      plan_id: "P-CARE",
      subscriber: { email_address: "subscriber@example.com" },
      billing_info: { ...billing, next_billing_time: "2027-02-01T10:00:00Z" },
    });
    expect(await gateway().getSubscription("I-READ")).toEqual({
      orderId: "order-1",
      planId: "P-CARE",
      subscriberEmail: "subscriber@example.com",
      status: "active",
      currentPeriodEnd: new Date("2027-02-01T10:00:00Z"),
      cancelAtPeriodEnd: false,
    });
    fake.subscriptions.set("I-GONE", { id: "I-GONE", status: "CANCELLED" });
    expect(await gateway().getSubscription("I-GONE")).toEqual({
      orderId: null,
      planId: null,
      subscriberEmail: null,
      status: "canceled",
      currentPeriodEnd: null,
      cancelAtPeriodEnd: true,
    });
    fake.subscriptions.set("I-ODD", { id: "I-ODD" });
    expect((await gateway().getSubscription("I-ODD")).status).toBe("pending");
    // An answer the SDK cannot read is a fault to see, not an outage to retry.
    fake.subscriptions.set("I-BROKEN", { id: 7, status: ["ACTIVE"] });
    const broken = await gateway()
      .getSubscription("I-BROKEN")
      .catch((error: unknown) => error);
    expect(broken).toBeInstanceOf(Error);
    expect(broken).not.toBeInstanceOf(AppError);
  });
});
