import { eq } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { licenses, transactions } from "@/db/schema";
import { suspendLicense } from "@/services/license";
import { refundedTotal } from "@/services/payment";
import { lockPayment } from "@/services/provisioning/payments";
import type { ProvisioningContext } from "@/services/provisioning/provisioning-context";
import type { ProvisioningEvent } from "@/services/provisioning/provisioning-event";

/**
 * Money given back: recorded once as a refund transaction keyed on the provider's refund id (the
 * owner's refund through the API already is, and is found), the payment marked `refunded` once
 * nothing of it remains, and then the license the payment bought suspended (a partial refund
 * leaves the purchase standing).
 */
export async function applyPaymentRefunded(
  tx: Transaction,
  event: Extract<ProvisioningEvent, { kind: "payment_refunded" }>,
  context: ProvisioningContext,
): Promise<void> {
  const payment = await lockPayment(tx, context, event.providerPaymentId);

  for (const refund of event.refunds) {
    await tx
      .insert(transactions)
      .values({
        tenantId: payment.tenantId,
        checkoutOrderId: payment.checkoutOrderId,
        provider: context.provider,
        providerTransactionId: refund.providerRefundId,
        kind: "refund",
        refundOfId: payment.id,
        amountMinor: refund.amountMinor,
        currency: refund.currency,
        status: "succeeded",
        environment: context.environment,
        occurredAt: event.occurredAt,
      })
      .onConflictDoUpdate({
        target: [transactions.provider, transactions.providerTransactionId],
        // The owner's refund was recorded as pending until the provider confirmed it: this is that.
        set: { status: "succeeded", updatedAt: new Date() },
      });
  }
  if ((await refundedTotal(tx, payment.id, ["succeeded"])) < payment.amountMinor) return; // a partial refund: the purchase stands

  await tx
    .update(transactions)
    .set({ status: "refunded", updatedAt: new Date() })
    .where(eq(transactions.id, payment.id));
  if (!payment.checkoutOrderId) return;
  const [license] = await tx
    .select({ id: licenses.id })
    .from(licenses)
    .where(eq(licenses.checkoutOrderId, payment.checkoutOrderId));
  if (license) await suspendLicense(tx, license.id, "refund");
}
