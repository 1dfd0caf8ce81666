import { eq } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { subscriptions } from "@/db/schema";
import { lockSubscription } from "@/services/provisioning/lock-subscription";
import type { ProvisioningContext } from "@/services/provisioning/provisioning-context";
import type { ProvisioningEvent } from "@/services/provisioning/provisioning-event";

/**
 * Converges the subscription on the provider's current state (status, period end, whether it
 * renews). Licenses follow their own end time, so a cancelled subscription's license runs out at
 * the end of what was paid. An event older than the last one applied changes nothing.
 */
export async function applySubscriptionSynced(
  tx: Transaction,
  event: Extract<ProvisioningEvent, { kind: "subscription_synced" }>,
  context: ProvisioningContext,
): Promise<void> {
  const subscription = await lockSubscription(tx, context, event.providerSubscriptionId);
  if (subscription.lastEventAt && event.occurredAt < subscription.lastEventAt) return;
  await tx
    .update(subscriptions)
    .set({
      status: event.status,
      cancelAtPeriodEnd: event.cancelAtPeriodEnd,
      currentPeriodEnd: event.currentPeriodEnd ?? subscription.currentPeriodEnd,
      lastEventAt: event.occurredAt,
      updatedAt: new Date(),
    })
    .where(eq(subscriptions.id, subscription.id));
}
