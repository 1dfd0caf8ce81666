import { z } from "zod";
import type { PaypalGateway } from "@/gateways/paypal/paypal-gateway";
import { parseMajorUnits } from "@/lib/money";
import { PermanentJobError } from "@/lib/queue";
import type { ProvisioningEvent } from "@/services/provisioning/provisioning-event";

const PaypalEventSchema = z.object({
  event_type: z.string(),
  create_time: z.iso.datetime({ offset: true }),
  resource: z.looseObject({ id: z.string().min(1) }),
});

const RefundResourceSchema = z.object({
  id: z.string(),
  status: z.string(),
  amount: z.object({ currency_code: z.string(), value: z.string() }),
  links: z.array(z.object({ rel: z.string(), href: z.string() })),
});

/**
 * Reads a PayPal event; captures are re-fetched, so what is applied is what PayPal holds now.
 * Types read so far: an order's capture completed, denied, refunded or reversed. An approved order
 * is recorded only: the capture is what provisions.
 */
export async function readPaypalEvent(payload: string, paypal: () => PaypalGateway): Promise<ProvisioningEvent> {
  const parsed = PaypalEventSchema.safeParse(JSON.parse(payload));
  if (!parsed.success) throw new PermanentJobError(`Unreadable PayPal event: ${parsed.error.issues[0]?.message}`);
  const { event_type: type, create_time: createTime, resource } = parsed.data;
  const occurredAt = new Date(createTime);
  switch (type) {
    case "PAYMENT.CAPTURE.COMPLETED": {
      const capture = await paypal().getCapture(resource.id);
      if (!capture.orderId) throw new PermanentJobError(`PayPal capture ${resource.id} names no order`);
      if (capture.status === "pending") return { kind: "recorded_only" }; // completes later, with its own event
      return {
        kind: "payment_completed",
        orderId: capture.orderId,
        providerPaymentId: resource.id,
        amountMinor: capture.amountMinor,
        currency: capture.currency,
        occurredAt,
        providerSubscriptionId: null,
        paidThrough: null,
      };
    }
    case "PAYMENT.CAPTURE.DENIED": {
      const capture = await paypal().getCapture(resource.id);
      if (!capture.orderId) throw new PermanentJobError(`PayPal capture ${resource.id} names no order`);
      return { kind: "payment_failed", orderId: capture.orderId, occurredAt };
    }
    case "PAYMENT.CAPTURE.REFUNDED": {
      const refund = RefundResourceSchema.safeParse(resource);
      // The refund links back ("up") to the capture it gives back.
      const captureId = refund.success
        ? /\/captures\/([^/?]+)/.exec(refund.data.links.find((link) => link.rel === "up")?.href ?? "")?.[1]
        : undefined;
      if (!refund.success || !captureId) throw new PermanentJobError(`PayPal refund ${resource.id} names no capture`);
      if (refund.data.status !== "COMPLETED") return { kind: "recorded_only" };
      const { amountMinor, currency } = parseMajorUnits(refund.data.amount.value, refund.data.amount.currency_code);
      return {
        kind: "payment_refunded",
        providerPaymentId: captureId,
        refunds: [{ providerRefundId: refund.data.id, amountMinor, currency }],
        occurredAt,
      };
    }
    case "PAYMENT.CAPTURE.REVERSED":
      // The money went back to the buyer through their bank or PayPal: a dispute, lost.
      return { kind: "dispute_lost", providerPaymentId: resource.id, occurredAt };
    default:
      return { kind: "recorded_only" };
  }
}
