import { z } from "zod";
import type { StripeCheckout, StripeGateway } from "@/gateways/stripe/stripe-gateway";
import { PermanentJobError } from "@/lib/queue";
import type { PaymentClaim, ProvisioningEvent } from "@/services/provisioning/provisioning-event";

const StripeEventSchema = z.object({
  type: z.string(),
  created: z.number().int(),
  data: z.object({ object: z.looseObject({ id: z.string().min(1) }) }),
});

/**
 * Reads a Stripe event by re-fetching the object it names: the payload may be stale or arrive out
 * of order, the object as Stripe has it now is not. Types read so far: a paid (or failed) Checkout
 * Session, a paid invoice (a subscription's first payment or a renewal), any change to a
 * subscription (updated, deleted, a renewal that failed), refunds and disputes.
 */
export async function readStripeEvent(payload: string, stripe: () => StripeGateway): Promise<ProvisioningEvent> {
  const parsed = StripeEventSchema.safeParse(JSON.parse(payload));
  if (!parsed.success) throw new PermanentJobError(`Unreadable Stripe event: ${parsed.error.issues[0]?.message}`);
  const { type, created, data } = parsed.data;
  const occurredAt = new Date(created * 1000);
  switch (type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
      return readPaidCheckout(stripe(), data.object.id, occurredAt);
    case "checkout.session.async_payment_failed": {
      const session = await stripe().getCheckoutSession(data.object.id);
      if (!session.orderId) throw new PermanentJobError(`Checkout Session ${data.object.id} names no order`);
      return { kind: "payment_failed", orderId: session.orderId, occurredAt };
    }
    case "invoice.paid":
      return readPaidInvoice(stripe(), data.object.id, occurredAt);
    case "customer.subscription.updated":
    case "customer.subscription.deleted":
      return readSubscription(stripe(), data.object.id, occurredAt);
    case "invoice.payment_failed": {
      // A failed renewal moves the subscription (past due, then cancelled or unpaid): read where it is now.
      const invoice = await stripe().getInvoice(data.object.id);
      if (!invoice.providerSubscriptionId) return { kind: "recorded_only" };
      return readSubscription(stripe(), invoice.providerSubscriptionId, occurredAt);
    }
    case "charge.refunded": {
      const paymentIntent = await stripe().getChargePayment(data.object.id);
      if (!paymentIntent) return { kind: "recorded_only" };
      const refunds = await stripe().listSucceededRefunds(paymentIntent);
      return { kind: "payment_refunded", providerPaymentId: paymentIntent, refunds, occurredAt };
    }
    case "charge.dispute.created":
    case "charge.dispute.closed": {
      const dispute = await stripe().getDispute(data.object.id);
      if (!dispute.providerPaymentId) return { kind: "recorded_only" };
      const kind =
        dispute.outcome === "won" ? "dispute_won" : dispute.outcome === "lost" ? "dispute_lost" : "dispute_opened";
      return { kind, providerPaymentId: dispute.providerPaymentId, occurredAt };
    }
    default:
      return { kind: "recorded_only" };
  }
}

async function readPaidCheckout(
  stripe: StripeGateway,
  sessionId: string,
  occurredAt: Date,
): Promise<ProvisioningEvent> {
  const session = await stripe.getCheckoutSession(sessionId);
  if (!session.orderId) throw new PermanentJobError(`Checkout Session ${sessionId} names no order`);
  // A delayed payment method completes the session unpaid; its async_payment_succeeded provisions.
  if (!session.paid) return { kind: "recorded_only" };
  if (session.providerSubscriptionId) {
    // The first payment of a subscription is its first invoice: keyed on the invoice's payment, so
    // that invoice's own invoice.paid finds it recorded and extends nothing.
    const [invoice, subscription] = await Promise.all([
      session.invoiceId ? stripe.getInvoice(session.invoiceId) : Promise.resolve(null),
      stripe.getSubscription(session.providerSubscriptionId),
    ]);
    const amountMinor = invoice?.amountPaidMinor ?? session.amountMinor;
    const currency = invoice?.currency ?? session.currency;
    if (amountMinor === null || !currency)
      throw new PermanentJobError(`Paid Checkout Session ${sessionId} has no amount`);
    return {
      kind: "payment_completed",
      orderId: session.orderId,
      providerPaymentId: invoice?.providerPaymentId ?? sessionId,
      amountMinor,
      currency,
      occurredAt,
      providerSubscriptionId: session.providerSubscriptionId,
      paidThrough: subscription.currentPeriodEnd,
      claim: claimOf(session),
    };
  }
  if (!session.providerPaymentId || session.amountMinor === null || !session.currency) {
    throw new PermanentJobError(`Paid Checkout Session ${sessionId} has no payment`);
  }
  return {
    kind: "payment_completed",
    orderId: session.orderId,
    providerPaymentId: session.providerPaymentId,
    amountMinor: session.amountMinor,
    currency: session.currency,
    occurredAt,
    providerSubscriptionId: null,
    paidThrough: null,
    claim: claimOf(session),
  };
}

/** What the session bought (its prices), on what terms (a converted currency, the owner's discount codes), and who paid. */
function claimOf(session: StripeCheckout): PaymentClaim {
  const { conversion, discount } = session;
  // The items' price before the discount, in the currency the amount is compared in; where Stripe
  // does not say, the discount explains nothing.
  const listPriceMinor = conversion ? conversion.amountSubtotalMinor : session.amountSubtotalMinor;
  return {
    product: session.priceIds.length > 0 ? { field: "stripe_price", ids: session.priceIds } : null,
    converted: conversion && { amountMinor: conversion.amountTotalMinor, currency: conversion.currency },
    discount: discount && listPriceMinor !== null ? { code: discount.codes.join(", "), listPriceMinor } : null,
    payerEmail: session.payerEmail,
  };
}

async function readPaidInvoice(stripe: StripeGateway, invoiceId: string, occurredAt: Date): Promise<ProvisioningEvent> {
  const invoice = await stripe.getInvoice(invoiceId);
  if (!invoice.paid || !invoice.providerSubscriptionId) return { kind: "recorded_only" };
  return {
    kind: "subscription_renewed",
    providerSubscriptionId: invoice.providerSubscriptionId,
    providerPaymentId: invoice.providerPaymentId,
    amountMinor: invoice.amountPaidMinor,
    currency: invoice.currency,
    occurredAt,
    paidThrough: invoice.periodEnd,
  };
}

async function readSubscription(
  stripe: StripeGateway,
  subscriptionId: string,
  occurredAt: Date,
): Promise<ProvisioningEvent> {
  const subscription = await stripe.getSubscription(subscriptionId);
  return { kind: "subscription_synced", providerSubscriptionId: subscriptionId, ...subscription, occurredAt };
}
