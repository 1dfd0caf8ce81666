import { and, eq } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { checkoutOrders } from "@/db/schema";
import type { ProvisioningEvent } from "@/services/provisioning/provisioning-event";

/** A checkout that did not pay: a still-pending order becomes `failed`; a paid one stays paid. Idempotent. */
export async function applyPaymentFailed(
  tx: Transaction,
  event: Extract<ProvisioningEvent, { kind: "payment_failed" }>,
): Promise<void> {
  await tx
    .update(checkoutOrders)
    .set({ status: "failed", updatedAt: new Date() })
    .where(and(eq(checkoutOrders.id, event.orderId), eq(checkoutOrders.status, "pending")));
}
