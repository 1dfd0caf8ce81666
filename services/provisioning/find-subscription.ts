import { and, eq } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { subscriptions, type Subscription } from "@/db/schema";
import type { ProvisioningContext } from "@/services/provisioning/provisioning-context";

/** The provider's subscription as we hold it, locked for this transaction, or null. */
export async function findSubscriptionForUpdate(
  tx: Transaction,
  context: ProvisioningContext,
  providerSubscriptionId: string,
): Promise<Subscription | null> {
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
  return subscription ?? null;
}
