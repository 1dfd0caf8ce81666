import { eq } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { licenses, products, subscriptions } from "@/db/schema";
import { extendLicense } from "@/services/license";
import type { Mismatch } from "@/services/provisioning/find-payment-mismatch";
import { findHeldSubscriptionStart, holdPayments } from "@/services/provisioning/hold-payments";
import { lockSubscription, SubscriptionNotYetKnownError } from "@/services/provisioning/lock-subscription";
import { recordPayment, tieHeldPayment } from "@/services/provisioning/payments";
import type { ProvisioningContext } from "@/services/provisioning/provisioning-context";
import type { ProvisioningEvent } from "@/services/provisioning/provisioning-event";

type Renewal = Extract<ProvisioningEvent, { kind: "subscription_renewed" }>;

/**
 * A renewal paid: recorded once as a transaction (keyed on the provider's payment id) under the
 * order that started the subscription, so a refund or dispute of the renewal finds the license it
 * paid for; the first time, that license is extended from its current expiry by the period paid,
 * never from today. The subscription's period end only moves forward.
 *
 * A renewal of a subscription whose first payment is held pays for nothing yet: it is recorded as
 * the payer's and held beside it (answered), and only the owner's acceptance (`ownerAccepted`)
 * makes it the subscription's. Before any payment of it is known at all, it throws
 * SubscriptionNotYetKnownError, to be retried once the activation is in.
 */
export async function applySubscriptionRenewed(
  tx: Transaction,
  { eventId, event }: { eventId: string; event: Renewal },
  context: ProvisioningContext,
  { ownerAccepted = false } = {},
): Promise<Mismatch | null> {
  let subscription;
  try {
    subscription = await lockSubscription(tx, context, event.providerSubscriptionId);
  } catch (error) {
    if (!(error instanceof SubscriptionNotYetKnownError)) throw error;
    const held = await holdRenewalOfHeldSubscription(tx, eventId, event, context);
    if (!held) throw error;
    return held;
  }
  const [license] = await tx
    .select({ id: licenses.id, checkoutOrderId: licenses.checkoutOrderId })
    .from(licenses)
    .where(eq(licenses.subscriptionId, subscription.id));
  const owner = { tenantId: subscription.tenantId, checkoutOrderId: license?.checkoutOrderId ?? null };
  const recorded = ownerAccepted
    ? await tieHeldPayment(tx, context, event.providerPaymentId, owner)
    : await recordPayment(tx, context, { ...event, ...owner, checkoutOrderId: owner.checkoutOrderId ?? undefined });
  if (!recorded) return null; // this renewal was applied before (or is held: the owner decides)

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
  return null;
}

/**
 * Holds a renewal beside the held payment that started its subscription, under the same payer
 * and naming the same order; null when no payment of the subscription is held.
 */
async function holdRenewalOfHeldSubscription(
  tx: Transaction,
  eventId: string,
  event: Renewal,
  context: ProvisioningContext,
): Promise<Mismatch | null> {
  const first = await findHeldSubscriptionStart(tx, context.provider, event.providerSubscriptionId);
  if (!first) return null;
  const mismatch: Mismatch = {
    reason: "subscription_held",
    detail: `subscription_held: a renewal of ${event.providerSubscriptionId}, whose first payment is held (${first.reason})`,
  };
  await recordPayment(tx, context, { ...event, tenantId: first.tenantId });
  await holdPayments(tx, context, [{ eventId, orderId: first.orderId, ...event, mismatch }]);
  return mismatch;
}
