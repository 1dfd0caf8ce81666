import { gatewayError, isTransientStatus, notSupported } from "@/gateways/gateway-error";
import { STRIPE_API_VERSION, Stripe } from "@/gateways/stripe/stripe-client";
import type {
  CreateCheckoutRequest,
  PaymentGateway,
  ProviderRefund,
  ProviderSubscription,
  RefundRequest,
} from "@/gateways/types";
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
/** A Checkout Session as Stripe has it now. */
export interface StripeCheckout {
  /** Our checkout order id, echoed back. */
  orderId: string | null;
  paid: boolean;
  /** The PaymentIntent (one-time) a transaction is keyed on, if any. */
  providerPaymentId: string | null;
  providerSubscriptionId: string | null;
  /** A subscription's first invoice, which its first payment pays. */
  invoiceId: string | null;
  amountMinor: number | null;
  currency: string | null;
  environment: "live" | "test";
  /** The prices bought (the session's line items). */
  priceIds: string[];
  /** The items' total before discounts and tax. */
  amountSubtotalMinor: number | null;
  /** The coupons and promotion codes applied (set up by the owner in Stripe), and what they took off. */
  discount: { codes: string[]; amountMinor: number } | null;
  /**
   * Adaptive Pricing as sessions made before 2025-03-31 record it: the buyer paid in another
   * currency; these are the session's own currency and amounts.
   */
  conversion: { currency: string; amountSubtotalMinor: number; amountTotalMinor: number } | null;
  /** The email the buyer paid with. */
  payerEmail: string | null;
}

/** An invoice (a subscription's first payment or renewal) as Stripe has it now. */
export interface StripeInvoice {
  providerSubscriptionId: string | null;
  /** The PaymentIntent that paid it, or the invoice itself where none is listed. */
  providerPaymentId: string;
  paid: boolean;
  amountPaidMinor: number;
  currency: string;
  periodEnd: Date;
  environment: "live" | "test";
}

/** A dispute (chargeback) as Stripe has it now. */
export interface StripeDispute {
  providerPaymentId: string | null;
  /** `won` also for an inquiry closed without a chargeback; anything undecided is `open`. */
  outcome: "open" | "won" | "lost";
}

/** A refund Stripe made of a payment. */
export interface StripeRefund {
  providerRefundId: string;
  amountMinor: number;
  currency: string;
}

export type StripeGateway = PaymentGateway & {
  getCheckoutSession(sessionId: string): Promise<StripeCheckout>;
  getInvoice(invoiceId: string): Promise<StripeInvoice>;
  getDispute(disputeId: string): Promise<StripeDispute>;
  /** The PaymentIntent a charge belongs to. */
  getChargePayment(chargeId: string): Promise<string | null>;
  /** The payment's refunds that went through (pending ones count once they succeed). */
  listSucceededRefunds(paymentIntentId: string): Promise<StripeRefund[]>;
};

const SUBSCRIPTION_STATUS: Record<string, ProviderSubscription["status"]> = {
  active: "active",
  trialing: "active",
  past_due: "past_due",
  unpaid: "past_due",
  canceled: "canceled",
  incomplete: "pending",
  incomplete_expired: "expired",
  paused: "suspended",
};

const idOf = (value: string | { id: string } | null | undefined) =>
  value == null ? null : typeof value === "string" ? value : value.id;

export function createStripeGateway({ secretKey, apiBase }: StripeGatewayConfig): StripeGateway {
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
    // Stripe's keys say their mode: sk_test_/rk_test_ take test money only.
    environment: /^(sk|rk)_test_/.test(secretKey) ? "test" : "live",

    async createCheckout({ orderId, product, email, successUrl, cancelUrl }: CreateCheckoutRequest) {
      if (!product.stripePriceId) {
        throw new AppError("service_unavailable", `Product ${product.slug} has no Stripe price id`, {
          userMessage: `${product.name} cannot be bought through Stripe right now.`,
          ownerMessage: `${product.name} is not sold through Stripe: set its stripePriceId in the catalog.`,
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

    async getSubscription(providerSubscriptionId) {
      const subscription = await call(() => stripe.subscriptions.retrieve(providerSubscriptionId));
      // Since the 2025 API versions the billing period lives on each item.
      const periodEnds = subscription.items.data.map((item) => item.current_period_end);
      return {
        status: SUBSCRIPTION_STATUS[subscription.status] ?? "pending",
        currentPeriodEnd: periodEnds.length > 0 ? new Date(Math.max(...periodEnds) * 1000) : null,
        cancelAtPeriodEnd: subscription.cancel_at_period_end,
      };
    },

    async getCheckoutSession(sessionId) {
      const session = await call(() => stripe.checkout.sessions.retrieve(sessionId, { expand: ["line_items"] }));
      const codes = (session.discounts ?? [])
        .map((applied) => idOf(applied.promotion_code) ?? idOf(applied.coupon))
        .filter((code) => code !== null);
      const conversion = session.currency_conversion;
      return {
        orderId: session.client_reference_id ?? session.metadata?.checkout_order_id ?? null,
        paid: session.payment_status === "paid" || session.payment_status === "no_payment_required",
        providerPaymentId: idOf(session.payment_intent),
        providerSubscriptionId: idOf(session.subscription),
        invoiceId: idOf(session.invoice),
        amountMinor: session.amount_total,
        currency: session.currency?.toUpperCase() ?? null,
        environment: session.livemode ? "live" : "test",
        priceIds: (session.line_items?.data ?? []).flatMap((item) => (item.price ? [item.price.id] : [])),
        amountSubtotalMinor: session.amount_subtotal,
        discount:
          codes.length > 0 && session.total_details
            ? { codes, amountMinor: session.total_details.amount_discount }
            : null,
        payerEmail: session.customer_details?.email ?? session.customer_email ?? null,
        conversion: conversion
          ? {
              currency: conversion.source_currency.toUpperCase(),
              amountSubtotalMinor: conversion.amount_subtotal,
              amountTotalMinor: conversion.amount_total,
            }
          : null,
      };
    },

    async getInvoice(invoiceId) {
      const invoice = await call(() => stripe.invoices.retrieve(invoiceId, { expand: ["payments"] }));
      const payment = invoice.payments?.data.find((p) => p.status === "paid")?.payment;
      return {
        providerSubscriptionId: idOf(invoice.parent?.subscription_details?.subscription),
        providerPaymentId: idOf(payment?.payment_intent) ?? invoice.id!,
        paid: invoice.status === "paid",
        amountPaidMinor: invoice.amount_paid,
        currency: invoice.currency.toUpperCase(),
        periodEnd: new Date(invoice.period_end * 1000),
        environment: invoice.livemode ? "live" : "test",
      };
    },

    async getDispute(disputeId) {
      const dispute = await call(() => stripe.disputes.retrieve(disputeId));
      const outcome =
        dispute.status === "lost"
          ? "lost"
          : dispute.status === "won" || dispute.status === "warning_closed"
            ? "won"
            : "open";
      return { providerPaymentId: idOf(dispute.payment_intent), outcome };
    },

    async getChargePayment(chargeId) {
      const charge = await call(() => stripe.charges.retrieve(chargeId));
      return idOf(charge.payment_intent);
    },

    async listSucceededRefunds(paymentIntentId) {
      const refunds = await call(() => stripe.refunds.list({ payment_intent: paymentIntentId, limit: 100 }));
      return refunds.data
        .filter((refund) => refund.status === "succeeded")
        .map((refund) => ({
          providerRefundId: refund.id,
          amountMinor: refund.amount,
          currency: refund.currency.toUpperCase(),
        }));
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
