import { and, eq, isNull } from "drizzle-orm";
import { getDb, type Database } from "@/db/client";
import { checkoutOrders, licenses } from "@/db/schema";
import { findCheckoutOrder } from "@/services/payment/find-checkout-order";

export type OrderLicense =
  | { state: "waiting"; orderStatus: "pending" | "failed" | "expired" }
  | { state: "revealed"; key: string; expiresAt: Date }
  | { state: "already_revealed" };

/**
 * The license key a paid order bought, shown once: the first call after provisioning answers the
 * key and records that it was shown (atomically, so two tabs cannot both get it); later calls say
 * it was shown. Before provisioning, the order's status. Null for an unknown order.
 */
export async function revealOrderLicense(
  orderId: string,
  options: { db?: Database } = {},
): Promise<OrderLicense | null> {
  const db = options.db ?? getDb();
  const found = await findCheckoutOrder(orderId, db);
  if (!found) return null;
  const { order } = found;
  const [license] = await db
    .select({ key: licenses.key, expiresAt: licenses.expiresAt })
    .from(licenses)
    .where(eq(licenses.checkoutOrderId, order.id));
  if (order.status !== "paid" || !license) {
    return { state: "waiting", orderStatus: order.status === "paid" ? "pending" : order.status };
  }
  const [claimed] = await db
    .update(checkoutOrders)
    .set({ licenseRevealedAt: new Date() })
    .where(and(eq(checkoutOrders.id, order.id), isNull(checkoutOrders.licenseRevealedAt)))
    .returning({ id: checkoutOrders.id });
  return claimed
    ? { state: "revealed", key: license.key, expiresAt: license.expiresAt }
    : { state: "already_revealed" };
}
