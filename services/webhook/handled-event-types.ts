import type { Provider } from "@/db/schema";

/**
 * The event types provisioning acts on. Anything else a provider sends is verified, stored as
 * `ignored` for the record, and acknowledged, so providers stop retrying it.
 */
export const HANDLED_EVENT_TYPES: Record<Provider, ReadonlySet<string>> = {
  stripe: new Set([
    "checkout.session.completed",
    "checkout.session.async_payment_succeeded",
    "checkout.session.async_payment_failed",
    "invoice.paid",
    "invoice.payment_failed",
    "customer.subscription.updated",
    "customer.subscription.deleted",
    "charge.refunded",
    "charge.dispute.created",
    "charge.dispute.closed",
  ]),
  paypal: new Set([
    "CHECKOUT.ORDER.APPROVED",
    "PAYMENT.CAPTURE.COMPLETED",
    "PAYMENT.CAPTURE.DENIED",
    "PAYMENT.CAPTURE.REFUNDED",
    "PAYMENT.CAPTURE.REVERSED",
    "PAYMENT.SALE.COMPLETED",
    "PAYMENT.SALE.REFUNDED",
    "BILLING.SUBSCRIPTION.ACTIVATED",
    "BILLING.SUBSCRIPTION.CANCELLED",
    "BILLING.SUBSCRIPTION.SUSPENDED",
    "BILLING.SUBSCRIPTION.EXPIRED",
    "BILLING.SUBSCRIPTION.PAYMENT.FAILED",
    "CUSTOMER.DISPUTE.CREATED",
    "CUSTOMER.DISPUTE.RESOLVED",
  ]),
  gumroad: new Set([
    "sale",
    "refund",
    "dispute",
    "dispute_won",
    "cancellation",
    "subscription_updated",
    "subscription_ended",
    "subscription_restarted",
  ]),
  simulated: new Set([
    "checkout.completed",
    "checkout.failed",
    "subscription.renewed",
    "subscription.canceled",
    "payment.refunded",
  ]),
};

export function isHandledEventType(provider: Provider, type: string): boolean {
  return HANDLED_EVENT_TYPES[provider].has(type);
}
