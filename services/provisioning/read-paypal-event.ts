import { z } from "zod";
import type { PaypalGateway } from "@/gateways/paypal/paypal-gateway";
import { parseMajorUnits } from "@/lib/money";
import { PermanentJobError } from "@/lib/queue";
import type { ProvisioningEvent } from "@/services/provisioning/provisioning-event";

const PaypalEventSchema = z.object({
  event_type: z.string(),
  create_time: z.iso.datetime({ offset: true }),
  // Every resource has an id, except disputes: they have a dispute_id.
  resource: z
    .looseObject({ id: z.string().min(1).optional(), dispute_id: z.string().min(1).optional() })
    .refine((resource) => resource.id ?? resource.dispute_id, "resource.id is missing"),
});

const LinksSchema = z.array(z.object({ rel: z.string(), href: z.string() }));

const RefundResourceSchema = z.object({
  id: z.string(),
  status: z.string(),
  amount: z.object({ currency_code: z.string(), value: z.string() }),
  links: LinksSchema,
});

// A subscription's payment (v1 sale); its amount is read from the signed event, as PayPal's v2
// API has no sale lookup. One-time payments are captures and have no billing agreement.
const SaleResourceSchema = z.object({
  id: z.string(),
  state: z.string(),
  amount: z.object({ total: z.string(), currency: z.string() }),
  billing_agreement_id: z.string().min(1).optional(),
  custom: z.string().optional(),
});

// A refund of a sale (v1): keyed on its own id, linked to the sale it gives back.
const SaleRefundResourceSchema = z.object({
  id: z.string(),
  state: z.string(),
  sale_id: z.string().min(1),
  amount: z.object({ total: z.string(), currency: z.string() }),
});

// A dispute names the payments it is about by PayPal's transaction id (the capture or sale id).
const DisputeResourceSchema = z.object({
  disputed_transactions: z.array(z.object({ seller_transaction_id: z.string().min(1) })).min(1),
  dispute_outcome: z.object({ outcome_code: z.string() }).optional(),
});
// Outcomes in which the money went back to the buyer; in any other, the seller kept it.
const BUYER_WON = new Set(["RESOLVED_BUYER_FAVOUR", "ACCEPTED"]);

const SUBSCRIPTION_EVENTS = new Set([
  "BILLING.SUBSCRIPTION.ACTIVATED",
  "BILLING.SUBSCRIPTION.CANCELLED",
  "BILLING.SUBSCRIPTION.SUSPENDED",
  "BILLING.SUBSCRIPTION.EXPIRED",
  "BILLING.SUBSCRIPTION.PAYMENT.FAILED",
]);

/**
 * Reads a PayPal event; captures and subscriptions are re-fetched, so what is applied is what
 * PayPal holds now. One-time orders provision from their capture (an approved order is recorded
 * only); subscriptions from their sales, and their state from PayPal's copy of the subscription.
 */
export async function readPaypalEvent(payload: string, paypal: () => PaypalGateway): Promise<ProvisioningEvent> {
  const parsed = PaypalEventSchema.safeParse(JSON.parse(payload));
  if (!parsed.success) throw new PermanentJobError(`Unreadable PayPal event: ${parsed.error.issues[0]?.message}`);
  const { event_type: type, create_time: createTime, resource } = parsed.data;
  const resourceId = (resource.id ?? resource.dispute_id)!;
  const occurredAt = new Date(createTime);
  switch (type) {
    case "PAYMENT.CAPTURE.COMPLETED": {
      const capture = await paypal().getCapture(resourceId);
      if (!capture.orderId) throw new PermanentJobError(`PayPal capture ${resourceId} names no order`);
      if (capture.status === "pending") return { kind: "recorded_only" }; // completes later, with its own event
      return {
        kind: "payment_completed",
        orderId: capture.orderId,
        providerPaymentId: resourceId,
        amountMinor: capture.amountMinor,
        currency: capture.currency,
        occurredAt,
        providerSubscriptionId: null,
        paidThrough: null,
        // A PayPal order names no product: the one it captured must be the order's own.
        claim: {
          product: capture.paypalOrderId ? { field: "paypal_order", ids: [capture.paypalOrderId] } : null,
          converted: null,
          discount: null,
          payerEmail: null, // a capture does not say who paid
        },
      };
    }
    case "PAYMENT.CAPTURE.DENIED": {
      const capture = await paypal().getCapture(resourceId);
      if (!capture.orderId) throw new PermanentJobError(`PayPal capture ${resourceId} names no order`);
      return { kind: "payment_failed", orderId: capture.orderId, occurredAt };
    }
    case "PAYMENT.CAPTURE.REFUNDED": {
      const refund = RefundResourceSchema.safeParse(resource);
      const captureId = refund.success ? capturedBy(refund.data.links) : undefined;
      if (!refund.success || !captureId) throw new PermanentJobError(`PayPal refund ${resourceId} names no capture`);
      if (refund.data.status !== "COMPLETED") return { kind: "recorded_only" };
      const { amountMinor, currency } = parseMajorUnits(refund.data.amount.value, refund.data.amount.currency_code);
      return {
        kind: "payment_refunded",
        providerPaymentId: captureId,
        refunds: [{ providerRefundId: refund.data.id, amountMinor, currency }],
        occurredAt,
      };
    }
    case "PAYMENT.SALE.COMPLETED": {
      const sale = SaleResourceSchema.safeParse(resource);
      if (!sale.success) throw new PermanentJobError(`Unreadable PayPal sale ${resourceId}`);
      const { billing_agreement_id: subscriptionId, amount, custom } = sale.data;
      if (!subscriptionId || sale.data.state !== "completed") return { kind: "recorded_only" };
      const subscription = await paypal().getSubscription(subscriptionId);
      const orderId = subscription.orderId ?? custom;
      if (!orderId) throw new PermanentJobError(`PayPal subscription ${subscriptionId} names no order`);
      return {
        kind: "subscription_payment",
        orderId,
        providerSubscriptionId: subscriptionId,
        providerPaymentId: sale.data.id,
        ...parseMajorUnits(amount.total, amount.currency),
        occurredAt,
        paidThrough: subscription.currentPeriodEnd,
        claim: {
          product: subscription.planId ? { field: "paypal_plan", ids: [subscription.planId] } : null,
          converted: null,
          discount: null,
          payerEmail: subscription.subscriberEmail,
        },
      };
    }
    case "PAYMENT.SALE.REFUNDED": {
      const refund = SaleRefundResourceSchema.safeParse(resource);
      if (!refund.success) throw new PermanentJobError(`PayPal refund ${resourceId} names no sale`);
      if (refund.data.state !== "completed") return { kind: "recorded_only" };
      const { amountMinor, currency } = parseMajorUnits(refund.data.amount.total, refund.data.amount.currency);
      return {
        kind: "payment_refunded",
        providerPaymentId: refund.data.sale_id,
        refunds: [{ providerRefundId: refund.data.id, amountMinor, currency }],
        occurredAt,
      };
    }
    case "CUSTOMER.DISPUTE.CREATED":
    case "CUSTOMER.DISPUTE.RESOLVED": {
      const dispute = DisputeResourceSchema.safeParse(resource);
      if (!dispute.success) throw new PermanentJobError(`PayPal dispute ${resourceId} names no payment`);
      const outcome = dispute.data.dispute_outcome?.outcome_code ?? "";
      return {
        kind: type.endsWith("CREATED") ? "dispute_opened" : BUYER_WON.has(outcome) ? "dispute_lost" : "dispute_won",
        providerPaymentId: dispute.data.disputed_transactions[0]!.seller_transaction_id,
        occurredAt,
      };
    }
    case "PAYMENT.CAPTURE.REVERSED": {
      // The money went back to the buyer through their bank or PayPal: a dispute, lost. The
      // resource is the reversal (a refund) linking up to its capture; a bare capture is its own.
      const links = LinksSchema.safeParse(resource.links ?? []);
      const self = links.success ? links.data.find((link) => link.rel === "self")?.href : undefined;
      const captureId =
        (links.success ? capturedBy(links.data) : undefined) ??
        (!self || self.includes("/captures/") ? resourceId : undefined);
      if (!captureId) throw new PermanentJobError(`PayPal reversal ${resourceId} names no capture`);
      return { kind: "dispute_lost", providerPaymentId: captureId, occurredAt };
    }
    default: {
      if (!SUBSCRIPTION_EVENTS.has(type)) return { kind: "recorded_only" };
      const subscription = await paypal().getSubscription(resourceId);
      // PayPal keeps a subscription ACTIVE while it retries a failed payment: to us it is past due.
      const failing = type === "BILLING.SUBSCRIPTION.PAYMENT.FAILED" && subscription.status === "active";
      return {
        kind: "subscription_synced",
        providerSubscriptionId: resourceId,
        status: failing ? "past_due" : subscription.status,
        currentPeriodEnd: subscription.currentPeriodEnd,
        cancelAtPeriodEnd: subscription.cancelAtPeriodEnd,
        occurredAt,
      };
    }
  }
}

/** The capture a refund or reversal gives back: it links to it as "up". */
function capturedBy(links: { rel: string; href: string }[]): string | undefined {
  return /\/captures\/([^/?]+)/.exec(links.find((link) => link.rel === "up")?.href ?? "")?.[1];
}
