import { eq } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { checkoutOrders } from "@/db/schema";
import { PermanentJobError } from "@/lib/queue";
import { applyPaymentCompleted } from "@/services/provisioning/apply-payment-completed";
import { applySubscriptionRenewed } from "@/services/provisioning/apply-subscription-renewed";
import type { ProvisioningContext } from "@/services/provisioning/provisioning-context";
import type { ProvisioningEvent } from "@/services/provisioning/provisioning-event";

/**
 * The first payment recorded on the order completes its checkout; any other payment renews. The
 * order stays locked until commit, so two payments of one subscription are told apart in turn.
 */
export async function applySubscriptionPayment(
  tx: Transaction,
  event: Extract<ProvisioningEvent, { kind: "subscription_payment" }>,
  context: ProvisioningContext,
): Promise<void> {
  const [order] = await tx
    .select({ providerPaymentId: checkoutOrders.providerPaymentId })
    .from(checkoutOrders)
    .where(eq(checkoutOrders.id, event.orderId))
    .for("update");
  if (!order) throw new PermanentJobError(`No checkout order ${event.orderId}`);
  const first = order.providerPaymentId === null || order.providerPaymentId === event.providerPaymentId;
  if (first) return applyPaymentCompleted(tx, { ...event, kind: "payment_completed" }, context);
  return applySubscriptionRenewed(tx, { ...event, kind: "subscription_renewed" }, context);
}
