import { gatewayError, isTransientStatus, notSupported } from "@/gateways/gateway-error";
import { STRIPE_API_VERSION, Stripe } from "@/gateways/stripe/stripe-client";
import type { CreateCheckoutRequest, PaymentGateway, ProviderRefund, RefundRequest } from "@/gateways/types";
import { AppError } from "@/lib/errors";

export interface StripeGatewayConfig {
  secretKey: string;
  /** Another API origin (a proxy, or a test's fake Stripe); Stripe's own by default. */
  apiBase?: string;
}

/**
 * Stripe through the official SDK, its API version pinned: Checkout Sessions for one-time and
 * subscription products (the product's configured price id), cancel at period end, refunds. Every
 * POST carries an idempotency key derived from our own ids, so a retried call does nothing twice;
 * the SDK itself retries network failures with the same key.
 */
export function createStripeGateway({ secretKey, apiBase }: StripeGatewayConfig): PaymentGateway {
  const base = apiBase ? new URL(apiBase) : undefined;
  const stripe = new Stripe(secretKey, {
    apiVersion: STRIPE_API_VERSION,
    maxNetworkRetries: 2,
    timeout: 20_000,
    ...(base && {
      host: base.hostname,
      port: Number(base.port || (base.protocol === "https:" ? 443 : 80)),
      protocol: base.protocol === "https:" ? ("https" as const) : ("http" as const),
    }),
  });

  return {
    provider: "stripe",

    async createCheckout({ orderId, product, email, successUrl, cancelUrl }: CreateCheckoutRequest) {
      if (!product.stripePriceId) {
        throw new AppError("service_unavailable", `Product ${product.slug} has no Stripe price id`, {
          userMessage: `${product.name} is not sold through Stripe: set its stripePriceId in the catalog.`,
        });
      }
      const metadata = { checkout_order_id: orderId };
      const session = await call(() =>
        stripe.checkout.sessions.create(
          {
            mode: product.kind === "subscription" ? "subscription" : "payment",
            line_items: [{ price: product.stripePriceId!, quantity: 1 }],
            client_reference_id: orderId,
            customer_email: email,
            metadata,
            ...(product.kind === "subscription"
              ? { subscription_data: { metadata } }
              : { payment_intent_data: { metadata } }),
            success_url: successUrl,
            cancel_url: cancelUrl,
          },
          { idempotencyKey: `checkout-${orderId}` },
        ),
      );
      if (!session.url) throw gatewayError("stripe", "the checkout session has no URL", { transient: false });
      return { url: session.url, providerCheckoutId: session.id };
    },

    async captureOrder() {
      throw notSupported("stripe", "Stripe takes the payment at checkout: there is no order to capture.");
    },

    async cancelSubscription(providerSubscriptionId) {
      await call(() =>
        stripe.subscriptions.update(
          providerSubscriptionId,
          { cancel_at_period_end: true },
          { idempotencyKey: `cancel-${providerSubscriptionId}` },
        ),
      );
      return { endsAt: "period_end" };
    },

    async refund({ providerPaymentId, amountMinor, idempotencyKey }: RefundRequest): Promise<ProviderRefund> {
      const refund = await call(() =>
        stripe.refunds.create({ payment_intent: providerPaymentId, amount: amountMinor }, { idempotencyKey }),
      );
      if (refund.status !== "succeeded" && refund.status !== "pending") {
        throw gatewayError("stripe", `the refund is ${refund.status ?? "unknown"}`, { transient: false });
      }
      return { providerRefundId: refund.id, amountMinor: refund.amount, status: refund.status };
    },
  };
}

/** Runs one SDK call; its errors become `gateway_error`s that say whether a retry may help. */
async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeError)) throw error;
    const status = error.statusCode;
    // Stripe's messages for invalid requests are written for developers and safe to show; for
    // everything else (network, its own outages, authentication) a plain reason says enough.
    const reason =
      error instanceof Stripe.errors.StripeInvalidRequestError || error instanceof Stripe.errors.StripeCardError
        ? error.message
        : status
          ? `HTTP ${status}`
          : "Stripe could not be reached";
    throw gatewayError("stripe", reason, { transient: isTransientStatus(status), status, cause: error });
  }
}
