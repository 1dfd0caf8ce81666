import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isTransientGatewayError } from "@/gateways/gateway-error";
import { lookupGumroadSale, verifyGumroadLicense } from "@/gateways/gumroad/gumroad-api";
import { createGumroadGateway } from "@/gateways/gumroad/gumroad-gateway";
import type { CheckoutProduct } from "@/gateways/types";
import { startFakeGumroad } from "@/tests/support/fake-gumroad";
import { checkoutRequest, failure } from "@/tests/support/gateway-fixtures";

const TOKEN = "gumroad-access-token";
const checkout = (overrides: Partial<CheckoutProduct> = {}) => ({
  ...checkoutRequest("order-1", { gumroadPermalink: "agency-theme", ...overrides }),
  email: "buyer+1@example.com",
});

let fake: ReturnType<typeof startFakeGumroad>;
beforeAll(() => {
  fake = startFakeGumroad({ accessToken: TOKEN });
  fake.sales.set("sale_1", {
    id: "sale_1",
    email: "b@example.com",
    product_id: "prod_1",
    price: 2900,
    refunded: false,
    license_key: "LIC-1",
  });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.calls.length = 0;
});

describe("the Gumroad gateway", () => {
  it("sends the buyer to the product's page with the email and order id as URL parameters", async () => {
    const byPermalink = await createGumroadGateway({}).createCheckout(checkout());
    expect(byPermalink).toEqual({
      url: "https://gumroad.com/l/agency-theme?wanted=true&email=buyer%2B1%40example.com&checkout_order_id=order-1",
      providerCheckoutId: null,
    });
    const byUrl = await createGumroadGateway({}).createCheckout(
      checkout({ gumroadPermalink: "https://seller.gumroad.com/l/theme?a=1" }),
    );
    expect(byUrl.url).toBe(
      "https://seller.gumroad.com/l/theme?a=1&wanted=true&email=buyer%2B1%40example.com&checkout_order_id=order-1",
    );
    const none = await failure(createGumroadGateway({}).createCheckout(checkout({ gumroadPermalink: null })));
    expect(none).toMatchObject({
      code: "service_unavailable",
      ownerMessage: expect.stringMatching(/gumroadPermalink/),
    });
  });

  it("says plainly that Gumroad cannot cancel a subscription or capture an order", async () => {
    expect(await failure(createGumroadGateway({ accessToken: TOKEN }).cancelSubscription("sub_1"))).toMatchObject({
      code: "refused",
      userMessage: expect.stringMatching(/Gumroad has no API to cancel a subscription/),
    });
    const capture = { providerCheckoutId: "x", amountMinor: 1, currency: "USD", idempotencyKey: "k" };
    expect(await failure(createGumroadGateway({}).captureOrder(capture))).toMatchObject({ code: "refused" });
    expect(fake.calls).toHaveLength(0);
  });

  it("refunds part of a sale with the access token, keyed on the sale and our refund", async () => {
    const refund = { providerPaymentId: "sale_1", amountMinor: 9_00, currency: "USD", idempotencyKey: "refund-r1" };
    expect(await createGumroadGateway({ accessToken: TOKEN }).refund(refund)).toEqual({
      providerRefundId: "sale_1:refund-r1",
      amountMinor: 9_00,
      status: "succeeded",
    });
    expect(fake.calls[0]).toMatchObject({
      method: "PUT",
      path: "/v2/sales/sale_1/refund",
      authorization: `Bearer ${TOKEN}`,
      form: { amount_cents: "900" },
    });
    expect(await failure(createGumroadGateway({}).refund(refund))).toMatchObject({
      code: "service_unavailable",
      ownerMessage: expect.stringMatching(/GUMROAD_ACCESS_TOKEN/),
    });
  });

  it("passes on Gumroad's own message, transient only for outages", async () => {
    const gateway = createGumroadGateway({ accessToken: TOKEN });
    const refund = { providerPaymentId: "no-such-sale", amountMinor: 1_00, currency: "USD", idempotencyKey: "k" };
    const missing = await failure(gateway.refund(refund));
    expect(missing).toMatchObject({
      code: "gateway_error",
      ownerMessage: expect.stringMatching(/The sale was not found/),
    });
    expect(isTransientGatewayError(missing)).toBe(false);
    fake.failNext(502);
    expect(isTransientGatewayError(await failure(gateway.refund({ ...refund, providerPaymentId: "sale_1" })))).toBe(
      true,
    );
    fake.failNext("network");
    const dropped = await failure(gateway.refund({ ...refund, providerPaymentId: "sale_1" }));
    expect(dropped).toMatchObject({ ownerMessage: expect.stringMatching(/could not be reached/) });
    expect(isTransientGatewayError(dropped)).toBe(true);
    const badToken = await failure(
      createGumroadGateway({ accessToken: "wrong" }).refund({ ...refund, providerPaymentId: "sale_1" }),
    );
    expect(badToken).toMatchObject({
      details: { status: 401 },
      ownerMessage: expect.stringMatching(/access token is invalid/),
    });
  });
});

describe("Gumroad's sales and licenses", () => {
  it("looks a sale up", async () => {
    expect(await lookupGumroadSale(TOKEN, "sale_1")).toMatchObject({
      id: "sale_1",
      email: "b@example.com",
      price: 2900,
    });
    expect(fake.calls[0]).toMatchObject({ method: "GET", path: "/v2/sales/sale_1" });
    // What it bought and the seller's offer code it used, however Gumroad writes the code.
    fake.sales.set("sale_offer", {
      id: "sale_offer",
      email: "b@example.com",
      product_id: "prod_1",
      product_permalink: "https://seller.gumroad.com/l/agency-theme",
      offer_code: { name: "LAUNCH", displayed_amount_off: "$10" },
      price: 1900,
      refunded: false,
    });
    expect(await lookupGumroadSale(TOKEN, "sale_offer")).toMatchObject({
      product_permalink: "https://seller.gumroad.com/l/agency-theme",
      offer_code: "LAUNCH",
    });
    expect(await failure(lookupGumroadSale(TOKEN, "odd-shape"))).toMatchObject({
      message: expect.stringMatching(/unexpected shape/),
    });
  });

  it("verifies a license key without counting a use", async () => {
    expect(await verifyGumroadLicense(TOKEN, { productId: "prod_1", licenseKey: "LIC-1" })).toEqual({
      uses: 3,
      saleId: "sale_1",
      refunded: false,
    });
    expect(fake.calls[0]!.form).toEqual({ product_id: "prod_1", license_key: "LIC-1", increment_uses_count: "false" });
    expect(await failure(verifyGumroadLicense(TOKEN, { productId: "prod_1", licenseKey: "NOPE" }))).toMatchObject({
      ownerMessage: expect.stringMatching(/license does not exist/),
    });
  });
});
