import { eq } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { licenses, transactions } from "@/db/schema";
import { reinstateLicense, suspendLicense } from "@/services/license";
import { lockPayment } from "@/services/provisioning/payments";
import type { ProvisioningContext } from "@/services/provisioning/provisioning-context";
import type { ProvisioningEvent } from "@/services/provisioning/provisioning-event";

type DisputeEvent = Extract<ProvisioningEvent, { kind: "dispute_opened" | "dispute_won" | "dispute_lost" }>;

/**
 * A chargeback on a payment: opened, the payment is `disputed` and the license it bought is
 * suspended; won, the payment stands again and the license works again, if a dispute is what
 * suspended it (not a refund, nor the owner); lost, the license stays suspended. Idempotent.
 */
export async function applyDispute(tx: Transaction, event: DisputeEvent, context: ProvisioningContext): Promise<void> {
  const payment = await lockPayment(tx, context, event.providerPaymentId);
  if (payment.status !== "refunded") {
    await tx
      .update(transactions)
      .set({ status: event.kind === "dispute_won" ? "succeeded" : "disputed", updatedAt: new Date() })
      .where(eq(transactions.id, payment.id));
  }
  if (!payment.checkoutOrderId) return;
  const [license] = await tx.select().from(licenses).where(eq(licenses.checkoutOrderId, payment.checkoutOrderId));
  if (!license) return;
  if (event.kind === "dispute_opened") await suspendLicense(tx, license.id, "dispute");
  else if (event.kind === "dispute_lost") await suspendLicense(tx, license.id, "dispute_lost");
  else if (license.status === "suspended" && license.statusReason === "dispute") await reinstateLicense(tx, license.id);
}
