import { z } from "zod";
import { PermanentJobError } from "@/lib/queue";
import { AMOUNT_ONLY, cancelled, type ProvisioningEvent } from "@/services/provisioning/provisioning-event";

const Payment = z.object({
  orderId: z.uuid(),
  email: z.string().optional(),
  amountMinor: z.number().int().nonnegative(),
  currency: z.string(),
  paymentId: z.string().min(1),
  subscriptionId: z.string().min(1).nullable(),
});

const SimulatedEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("checkout.completed"), created: z.iso.datetime(), data: Payment }),
  z.object({ type: z.literal("checkout.failed"), created: z.iso.datetime(), data: z.object({ orderId: z.uuid() }) }),
  z.object({
    type: z.literal("subscription.renewed"),
    created: z.iso.datetime(),
    data: Payment.omit({ orderId: true }).extend({ subscriptionId: z.string().min(1), periodEnd: z.iso.datetime() }),
  }),
  z.object({
    type: z.literal("subscription.canceled"),
    created: z.iso.datetime(),
    data: z.object({ subscriptionId: z.string().min(1) }),
  }),
  z.object({
    type: z.literal("payment.refunded"),
    created: z.iso.datetime(),
    data: z.object({
      paymentId: z.string().min(1),
      refundId: z.string().min(1),
      amountMinor: z.number().int().positive(),
      currency: z.string(),
    }),
  }),
]);

/** Reads a simulated provider event; one that cannot be read never will be (PermanentJobError). */
export function readSimulatedEvent(payload: string): ProvisioningEvent {
  const parsed = SimulatedEventSchema.safeParse(JSON.parse(payload));
  if (!parsed.success) throw new PermanentJobError(`Unreadable simulated event: ${parsed.error.issues[0]?.message}`);
  const event = parsed.data;
  const occurredAt = new Date(event.created);
  switch (event.type) {
    case "checkout.completed":
      return {
        kind: "payment_completed",
        orderId: event.data.orderId,
        providerPaymentId: event.data.paymentId,
        amountMinor: event.data.amountMinor,
        currency: event.data.currency,
        occurredAt,
        providerSubscriptionId: event.data.subscriptionId,
        paidThrough: null,
        claim: { ...AMOUNT_ONLY, payerEmail: event.data.email ?? null },
      };
    case "checkout.failed":
      return { kind: "payment_failed", orderId: event.data.orderId, occurredAt };
    case "subscription.renewed":
      return {
        kind: "subscription_renewed",
        providerSubscriptionId: event.data.subscriptionId,
        providerPaymentId: event.data.paymentId,
        amountMinor: event.data.amountMinor,
        currency: event.data.currency,
        occurredAt,
        paidThrough: new Date(event.data.periodEnd),
      };
    case "subscription.canceled":
      return cancelled(event.data.subscriptionId, occurredAt);
    case "payment.refunded":
      return {
        kind: "payment_refunded",
        providerPaymentId: event.data.paymentId,
        refunds: [
          { providerRefundId: event.data.refundId, amountMinor: event.data.amountMinor, currency: event.data.currency },
        ],
        occurredAt,
      };
  }
}
