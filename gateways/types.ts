// Gateways know nothing of the database; these mirror the schema's values, which satisfy them.
export type GatewayProvider = "stripe" | "paypal" | "gumroad" | "simulated";
/** Real money, or a provider's test mode (Stripe test keys, PayPal's sandbox, the simulated provider). */
export type GatewayEnvironment = "live" | "test";

/** What a gateway needs to know of the product being sold. */
export interface CheckoutProduct {
  slug: string;
  name: string;
  kind: "one_time" | "subscription";
  priceMinor: number;
  currency: string;
  billingInterval: "month" | "year" | null;
  stripePriceId: string | null;
  paypalPlanId: string | null;
  gumroadPermalink: string | null;
}

export interface CreateCheckoutRequest {
  /** Our checkout order id: it travels to the provider and comes back in its webhooks. */
  orderId: string;
  product: CheckoutProduct;
  email: string;
  /** Where the buyer lands after paying, and after giving up. */
  successUrl: string;
  cancelUrl: string;
}

export interface HostedCheckout {
  /** The provider's page the buyer is sent to. */
  url: string;
  /** The provider's id of this checkout (Stripe session, PayPal order or subscription); null where there is none yet. */
  providerCheckoutId: string | null;
}

export interface CancelledSubscription {
  /** Whether the provider stops it at the end of the paid period or at once (the license runs to the period end either way). */
  endsAt: "period_end" | "now";
}

export interface RefundRequest {
  /** The provider's payment id (Stripe PaymentIntent, PayPal capture, Gumroad sale). */
  providerPaymentId: string;
  amountMinor: number;
  currency: string;
  /** The same key for a retried call, so the provider refunds once. */
  idempotencyKey: string;
}

export interface ProviderRefund {
  providerRefundId: string;
  amountMinor: number;
  status: "succeeded" | "pending";
}

export interface CaptureRequest {
  /** The provider's id of the approved checkout (a PayPal order). */
  providerCheckoutId: string;
  /** What the order was for: a capture of any other amount is an error. */
  amountMinor: number;
  currency: string;
  /** The same key for every attempt, so the provider captures once. */
  idempotencyKey: string;
}

export interface CapturedPayment {
  /** The provider's payment id (a PayPal capture): transactions are keyed on it. */
  providerPaymentId: string;
  amountMinor: number;
  currency: string;
  status: "completed" | "pending";
}

/** A subscription as its provider has it now: provisioning trusts this over an event's payload. */
export interface ProviderSubscription {
  status: "pending" | "active" | "past_due" | "canceled" | "expired" | "suspended";
  /** The end of the period paid for, where the provider says. */
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
}

/**
 * One payment provider. Adapters translate to and from the provider's API and never touch the
 * database; provider SDK types never leave `gateways/`. Failures are `AppError`s: `gateway_error`
 * (with `details.transient` when a retry may succeed) or `refused` when the provider cannot do it.
 */
export interface PaymentGateway {
  readonly provider: GatewayProvider;
  /** Whose money this gateway takes: its orders are paid by that money only. */
  readonly environment: GatewayEnvironment;
  /** Starts a hosted checkout for one product; calling again for the same order makes no second checkout. */
  createCheckout(request: CreateCheckoutRequest): Promise<HostedCheckout>;
  /**
   * Takes the money of a checkout the buyer approved, where the provider leaves that to the
   * merchant (PayPal orders); the same key never captures twice. Others refuse: they capture at checkout.
   */
  captureOrder(request: CaptureRequest): Promise<CapturedPayment>;
  cancelSubscription(providerSubscriptionId: string): Promise<CancelledSubscription>;
  /** The subscription's current state at the provider; `refused` where the provider has no such lookup. */
  getSubscription(providerSubscriptionId: string): Promise<ProviderSubscription>;
  refund(request: RefundRequest): Promise<ProviderRefund>;
}
