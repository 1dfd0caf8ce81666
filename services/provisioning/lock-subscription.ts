import { and, eq } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { subscriptions, type Subscription } from "@/db/schema";
import type { ProvisioningContext } from "@/services/provisioning/provisioning-context";

/** Thrown for an event about a subscription not activated yet: the job is retried later. */
export class SubscriptionNotYetKnownError extends Error {
  override readonly name = "SubscriptionNotYetKnownError";
}

/**
 * The provider's subscription as we hold it, locked for this transaction. Throws
 * SubscriptionNotYetKnownError when its activation has not been applied yet.
 */
export async function lockSubscription(
  tx: Transaction,
  context: ProvisioningContext,
  providerSubscriptionId: string,
): Promise<Subscription> {
  const [subscription] = await tx
    .select()
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.provider, context.provider),
        eq(subscriptions.providerSubscriptionId, providerSubscriptionId),
      ),
    )
    .for("update");
  if (!subscription) throw new SubscriptionNotYetKnownError(`Subscription ${providerSubscriptionId} not yet activated`);
  return subscription;
}
