import { eq } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { licenses, products, subscriptions } from "@/db/schema";
import { extendLicense } from "@/services/license";
import { recordPayment } from "@/services/provisioning/payments";
import { lockSubscription } from "@/services/provisioning/lock-subscription";
import type { ProvisioningContext } from "@/services/provisioning/provisioning-context";
import type { ProvisioningEvent } from "@/services/provisioning/provisioning-event";

/**
 * A renewal paid: recorded once as a transaction (keyed on the provider's payment id) under the
 * order that started the subscription, so a refund or dispute of the renewal finds the license it
 * paid for; the first time, that license is extended from its current expiry by the period paid,
 * never from today. The subscription's period end only moves forward.
 */
export async function applySubscriptionRenewed(
  tx: Transaction,
  event: Extract<ProvisioningEvent, { kind: "subscription_renewed" }>,
  context: ProvisioningContext,
): Promise<void> {
  const subscription = await lockSubscription(tx, context, event.providerSubscriptionId);
  const [license] = await tx
    .select({ id: licenses.id, checkoutOrderId: licenses.checkoutOrderId })
    .from(licenses)
    .where(eq(licenses.subscriptionId, subscription.id));
  const recorded = await recordPayment(tx, context, {
    tenantId: subscription.tenantId,
    checkoutOrderId: license?.checkoutOrderId ?? undefined,
    providerPaymentId: event.providerPaymentId,
    amountMinor: event.amountMinor,
    currency: event.currency,
    occurredAt: event.occurredAt,
  });
  if (!recorded) return; // this renewal was applied before

  const [product] = await tx.select().from(products).where(eq(products.id, subscription.productId));
  if (license) await extendLicense(tx, license.id, product!.billingInterval ?? "month");

  const periodEnd =
    event.paidThrough && (!subscription.currentPeriodEnd || event.paidThrough > subscription.currentPeriodEnd)
      ? event.paidThrough
      : subscription.currentPeriodEnd;
  const newer = !subscription.lastEventAt || event.occurredAt >= subscription.lastEventAt;
  await tx
    .update(subscriptions)
    .set({
      currentPeriodEnd: periodEnd,
      ...(newer && {
        lastEventAt: event.occurredAt,
        ...(subscription.status !== "canceled" && { status: "active" as const }),
      }),
      updatedAt: new Date(),
    })
    .where(eq(subscriptions.id, subscription.id));
}
