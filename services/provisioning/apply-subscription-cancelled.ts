import { eq } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { subscriptions } from "@/db/schema";
import { lockSubscription } from "@/services/provisioning/find-subscription";
import type { ProvisioningContext } from "@/services/provisioning/provisioning-context";
import type { ProvisioningEvent } from "@/services/provisioning/provisioning-event";

/**
 * A subscription cancelled at the provider: it stops renewing; its license runs to the end of the
 * paid period (expiry is derived from the license's end, so nothing else changes). An event older
 * than the last one applied changes nothing.
 */
export async function applySubscriptionCancelled(
  tx: Transaction,
  event: Extract<ProvisioningEvent, { kind: "subscription_cancelled" }>,
  context: ProvisioningContext,
): Promise<void> {
  const subscription = await lockSubscription(tx, context, event.providerSubscriptionId);
  if (subscription.lastEventAt && event.occurredAt < subscription.lastEventAt) return;
  await tx
    .update(subscriptions)
    .set({ status: "canceled", cancelAtPeriodEnd: true, lastEventAt: event.occurredAt, updatedAt: new Date() })
    .where(eq(subscriptions.id, subscription.id));
}
