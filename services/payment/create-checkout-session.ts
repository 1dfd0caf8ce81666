import { eq } from "drizzle-orm";
import { getDb, type Database } from "@/db/client";
import { checkoutOrders, type Provider } from "@/db/schema";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { findProduct } from "@/services/catalog";
import type { CreateCheckoutInput } from "@/services/payment/create-checkout-session.schema";
import { getProviderGateway } from "@/services/payment/get-payment-gateway";
import { assertCheckoutProvider } from "@/services/payment/list-checkout-providers";

export interface CheckoutSession {
  orderId: string;
  /** The hosted checkout page to send the buyer to. */
  url: string;
  /** The provider that takes the payment: always the one the buyer chose. */
  provider: Provider;
  /** The provider's id of the checkout (a PayPal order id for PayPal's buttons), if it has one. */
  providerCheckoutId: string | null;
}

/**
 * Records a pending checkout order for one product, then asks the provider for a hosted checkout
 * carrying the order's id. Throws `not_found` for an unknown or retired product,
 * `validation_failed` for a currency the product is not sold in (field `currency`) or a provider
 * it is not offered through here (field `provider`, naming those it is). If the provider fails,
 * the order is kept as `failed` and the provider's error is thrown.
 */
export async function createCheckoutSession(
  input: CreateCheckoutInput,
  options: { db?: Database } = {},
): Promise<CheckoutSession> {
  const db = options.db ?? getDb();
  const env = getEnv();
  const product = await findProduct(input.productSlug, db);
  if (!product) {
    throw new AppError("not_found", `No product ${input.productSlug}`, {
      userMessage: `There is no product "${input.productSlug}" on sale.`,
      field: "productSlug",
    });
  }
  if (input.currency !== undefined && input.currency !== product.currency) {
    throw new AppError("validation_failed", `${product.slug} is not sold in ${input.currency}`, {
      userMessage: `currency: ${product.name} is sold in ${product.currency} only`,
      field: "currency",
    });
  }
  assertCheckoutProvider(input.provider, product, env);
  const gateway = getProviderGateway(input.provider, env);

  const [order] = await db
    .insert(checkoutOrders)
    .values({
      productId: product.id,
      email: input.email,
      domain: input.domain ?? null,
      provider: gateway.provider,
      environment: gateway.environment,
      amountMinor: product.priceMinor,
      currency: product.currency,
    })
    .returning({ id: checkoutOrders.id });
  const orderId = order!.id;
  try {
    const checkout = await gateway.createCheckout({
      orderId,
      product,
      email: input.email,
      successUrl: new URL(returnPath(gateway.provider, product.kind, orderId), env.APP_URL).toString(),
      cancelUrl: new URL(`/?checkout=cancelled`, env.APP_URL).toString(),
    });
    await db
      .update(checkoutOrders)
      .set({ providerCheckoutId: checkout.providerCheckoutId, updatedAt: new Date() })
      .where(eq(checkoutOrders.id, orderId));
    return { orderId, url: checkout.url, provider: gateway.provider, providerCheckoutId: checkout.providerCheckoutId };
  } catch (error) {
    await db
      .update(checkoutOrders)
      .set({ status: "failed", updatedAt: new Date() })
      .where(eq(checkoutOrders.id, orderId));
    throw error;
  }
}

// A one-time PayPal order is approved, not paid, when the buyer comes back: the return handler
// captures it before showing the order. Everything else lands on the order's page directly.
function returnPath(provider: Provider, kind: "one_time" | "subscription", orderId: string): string {
  return provider === "paypal" && kind === "one_time"
    ? `/api/v1/payments/paypal/return?order=${orderId}`
    : `/checkout/success?order=${orderId}`;
}
