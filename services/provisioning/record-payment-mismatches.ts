import { and, eq } from "drizzle-orm";
import { anyOf } from "@/db/array-params";
import type { Transaction } from "@/db/client";
import { paymentMismatches, transactions } from "@/db/schema";
import type { Mismatch } from "@/services/provisioning/find-payment-mismatch";
import type { ProvisioningContext } from "@/services/provisioning/provisioning-context";
import type { ProvisioningEvent } from "@/services/provisioning/provisioning-event";

interface HeldPayment {
  eventId: string;
  event: Extract<ProvisioningEvent, { kind: "payment_completed" }>;
  mismatch: Mismatch;
}

/**
 * Holds payments that did not match their orders for the owner, each once (keyed on its
 * transaction, already recorded): the first event that carried it and why, and what accepting it
 * would need beside the transaction. A payment held before stays as it was held.
 */
export async function holdMismatchedPayments(
  tx: Transaction,
  context: ProvisioningContext,
  held: HeldPayment[],
): Promise<void> {
  const recorded = await tx
    .select({ id: transactions.id, providerPaymentId: transactions.providerTransactionId })
    .from(transactions)
    .where(
      and(
        eq(transactions.provider, context.provider),
        anyOf(
          transactions.providerTransactionId,
          held.map(({ event }) => event.providerPaymentId),
        ),
      ),
    );
  const transactionOf = new Map(recorded.map((row) => [row.providerPaymentId, row.id]));
  const first = new Map(held.toReversed().map((payment) => [payment.event.providerPaymentId, payment]));
  await tx
    .insert(paymentMismatches)
    .values(
      [...first.values()].map(({ eventId, event, mismatch }) => ({
        webhookEventId: eventId,
        transactionId: transactionOf.get(event.providerPaymentId)!,
        checkoutOrderId: event.orderId,
        reason: mismatch.reason,
        detail: mismatch.detail,
        providerSubscriptionId: event.providerSubscriptionId,
        paidThrough: event.paidThrough,
      })),
    )
    .onConflictDoNothing({ target: paymentMismatches.transactionId });
}
