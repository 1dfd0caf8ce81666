import { expect } from "vitest";
import type { CheckoutProduct, CreateCheckoutRequest } from "@/gateways/types";
import { AppError } from "@/lib/errors";

/** A one-time product sold through every provider, as a gateway sees it. */
export function checkoutProduct(overrides: Partial<CheckoutProduct> = {}): CheckoutProduct {
  return {
    slug: "site-audit",
    name: "Site audit",
    kind: "one_time",
    priceMinor: 49_00,
    currency: "USD",
    billingInterval: null,
    stripePriceId: "price_audit",
    paypalPlanId: null,
    gumroadPermalink: "site-audit",
    ...overrides,
  };
}

/** A checkout of the product for order `orderId`, returning to the shop's order page. */
export function checkoutRequest(orderId: string, product: Partial<CheckoutProduct> = {}): CreateCheckoutRequest {
  return {
    orderId,
    product: checkoutProduct(product),
    email: "buyer@example.com",
    successUrl: `http://shop.test/checkout/success?order=${orderId}`,
    cancelUrl: "http://shop.test/",
  };
}

/** The AppError a call fails with (the test fails if it succeeds or throws anything else). */
export async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}
