import { eq } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { checkoutOrders } from "@/db/schema";
import { PermanentJobError } from "@/lib/queue";
import { applyPaymentCompleted } from "@/services/provisioning/apply-payment-completed";
import { applySubscriptionRenewed } from "@/services/provisioning/apply-subscription-renewed";
import type { Mismatch } from "@/services/provisioning/find-payment-mismatch";
import type { ProvisioningContext } from "@/services/provisioning/provisioning-context";
import type { ProvisioningEvent } from "@/services/provisioning/provisioning-event";

/**
 * The first payment recorded on the order completes its checkout (checked against the order like
 * any, answered when it does not pay it); a later payment of the order's own subscription renews.
 * A payment of another subscription naming an order already paid is no renewal of it: it is checked
 * as a payment for that order, and held. The order stays locked until commit, so two payments of
 * one subscription are told apart in turn.
 */
export async function applySubscriptionPayment(
  tx: Transaction,
  { eventId, event }: { eventId: string; event: Extract<ProvisioningEvent, { kind: "subscription_payment" }> },
  context: ProvisioningContext,
): Promise<Mismatch | null> {
  const [order] = await tx
    .select({
      providerPaymentId: checkoutOrders.providerPaymentId,
      providerSubscriptionId: checkoutOrders.providerSubscriptionId,
    })
    .from(checkoutOrders)
    .where(eq(checkoutOrders.id, event.orderId))
    .for("update");
  if (!order) throw new PermanentJobError(`No checkout order ${event.orderId}`);
  const renewal =
    order.providerPaymentId !== null &&
    order.providerPaymentId !== event.providerPaymentId &&
    order.providerSubscriptionId === event.providerSubscriptionId;
  if (!renewal) return applyPaymentCompleted(tx, { eventId, event: { ...event, kind: "payment_completed" } }, context);
  return applySubscriptionRenewed(tx, { eventId, event: { ...event, kind: "subscription_renewed" } }, context);
}
