/** Which of the provider's ids names what was bought. */
export type ProductField = "stripe_price" | "paypal_plan" | "paypal_order" | "gumroad_product";

/**
 * What the provider says a checkout's payment bought, and on what terms: checked against the order
 * the payment names before anything is licensed (`findPaymentMismatch`).
 */
export interface PaymentClaim {
  /** What was bought, by the provider's own ids (any one may match); null where the provider names nothing. */
  product: { field: ProductField; ids: string[] } | null;
  /** The payment in the currency its checkout was created in, where the provider converted it for the buyer. */
  converted: { amountMinor: number; currency: string } | null;
  /** A discount the owner set up at the provider, as the provider records what it allows. */
  discount: Discount | null;
  /** Who paid, where the provider says: a payment held for the owner is theirs, not the order's buyer's. */
  payerEmail: string | null;
}

/**
 * A discount code and the provider's own record of it: the price before it (the difference is the
 * discount), or what the code takes off. A code the provider cannot tell us about counts for nothing.
 */
export type Discount = { code: string } & (
  { listPriceMinor: number } | { amountOffMinor: number } | { percentOff: number }
);

/** A claim of nothing beyond the amount paid (the simulated provider names no product). */
export const AMOUNT_ONLY: PaymentClaim = { product: null, converted: null, discount: null, payerEmail: null };

/** A payment the provider made, as every payment event states it. */
interface Payment {
  providerPaymentId: string;
  amountMinor: number;
  currency: string;
  occurredAt: Date;
  /** The end of the period paid, where the provider says; else one billing period from `occurredAt`. */
  paidThrough: Date | null;
}

/**
 * What a provider's event means to us, whatever the provider: each provider's events are read
 * into these, and provisioning applies only these. Money is in minor units; times are when the
 * provider says the thing happened.
 */
export type ProvisioningEvent =
  | ({
      kind: "payment_completed";
      /** Our checkout order, echoed back by the provider. */
      orderId: string;
      /** For a subscription purchase. */
      providerSubscriptionId: string | null;
      claim: PaymentClaim;
    } & Payment)
  | { kind: "payment_failed"; orderId: string; occurredAt: Date }
  /**
   * A subscription's payment where the provider does not say whether it is the first (PayPal's
   * sales): the first paid for the order completes its checkout, any later one renews.
   */
  | ({ kind: "subscription_payment"; orderId: string; providerSubscriptionId: string; claim: PaymentClaim } & Payment)
  | ({ kind: "subscription_renewed"; providerSubscriptionId: string } & Payment)
  /**
   * The subscription as the provider has it now (re-fetched, or stated by the event: a cancellation
   * is `canceled`, `cancelAtPeriodEnd`, its period end unknown), to converge on.
   */
  | {
      kind: "subscription_synced";
      providerSubscriptionId: string;
      status: "pending" | "active" | "past_due" | "canceled" | "expired" | "suspended";
      currentPeriodEnd: Date | null;
      cancelAtPeriodEnd: boolean;
      occurredAt: Date;
    }
  | {
      kind: "payment_refunded";
      providerPaymentId: string;
      /** Every refund of the payment the provider reports; each is recorded once, by its id. */
      refunds: { providerRefundId: string; amountMinor: number; currency: string }[];
      occurredAt: Date;
    }
  /** A chargeback: opened, then won (the money stays) or lost (it goes back). */
  | { kind: "dispute_opened" | "dispute_won" | "dispute_lost"; providerPaymentId: string; occurredAt: Date }
  /** Stored for the record; nothing to provision (e.g. PayPal's CHECKOUT.ORDER.APPROVED). */
  | { kind: "recorded_only" };

/**
 * A cancellation the provider announced: stops renewing; the paid period stands as we hold it,
 * or runs to the end the provider names.
 */
export function cancelled(
  providerSubscriptionId: string,
  occurredAt: Date,
  currentPeriodEnd: Date | null = null,
): ProvisioningEvent {
  return {
    kind: "subscription_synced",
    providerSubscriptionId,
    status: "canceled",
    currentPeriodEnd,
    cancelAtPeriodEnd: true,
    occurredAt,
  };
}
