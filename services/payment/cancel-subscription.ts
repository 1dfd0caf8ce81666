import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Database } from "@/db/client";
import { subscriptions, type Subscription } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { getProviderGateway } from "@/services/payment/get-payment-gateway";

export interface CancelledSubscriptionView {
  subscriptionId: string;
  status: Subscription["status"];
  /** The license runs to the end of the paid period either way. */
  currentPeriodEnd: Date | null;
  /** `period_end` where the provider stops renewing (Stripe); `now` where it cancels outright (PayPal). */
  endsAt: "period_end" | "now";
}

/**
 * Stops a subscription from renewing, at the provider that bills it: at period end where the
 * provider can (Stripe), at once where it cannot (PayPal). Gumroad has no cancel API and says so
 * (`refused`). Cancelling again answers the same without calling the provider. Throws `not_found`.
 */
export async function cancelSubscription(
  subscriptionId: string,
  options: { db?: Database } = {},
): Promise<CancelledSubscriptionView> {
  const db = options.db ?? getDb();
  const [subscription] = z.uuid().safeParse(subscriptionId).success
    ? await db.select().from(subscriptions).where(eq(subscriptions.id, subscriptionId))
    : [];
  if (!subscription) {
    throw new AppError("not_found", `No subscription ${subscriptionId}`, {
      userMessage: "There is no such subscription.",
    });
  }
  const view = (row: Subscription, endsAt: CancelledSubscriptionView["endsAt"]) => ({
    subscriptionId: row.id,
    status: row.status,
    currentPeriodEnd: row.currentPeriodEnd,
    endsAt,
  });
  if (subscription.status === "canceled" || subscription.status === "expired") return view(subscription, "now");
  if (subscription.cancelAtPeriodEnd) return view(subscription, "period_end");

  const { endsAt } = await getProviderGateway(subscription.provider).cancelSubscription(
    subscription.providerSubscriptionId,
  );
  const [updated] = await db
    .update(subscriptions)
    .set({ cancelAtPeriodEnd: true, ...(endsAt === "now" && { status: "canceled" as const }), updatedAt: new Date() })
    .where(eq(subscriptions.id, subscription.id))
    .returning();
  return view(updated!, endsAt);
}
