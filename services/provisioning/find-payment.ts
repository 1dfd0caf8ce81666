import { and, eq } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { transactions, type Transaction as Payment } from "@/db/schema";
import type { ProvisioningContext } from "@/services/provisioning/provisioning-context";

/** Thrown for an event about a payment not recorded yet (a refund or dispute first): the job is retried later. */
export class PaymentNotYetKnownError extends Error {
  override readonly name = "PaymentNotYetKnownError";
}

/** The provider's payment as we recorded it, locked for this transaction; PaymentNotYetKnownError before it is. */
export async function lockPayment(
  tx: Transaction,
  context: ProvisioningContext,
  providerPaymentId: string,
): Promise<Payment> {
  const [payment] = await tx
    .select()
    .from(transactions)
    .where(and(eq(transactions.provider, context.provider), eq(transactions.providerTransactionId, providerPaymentId)))
    .for("update");
  if (!payment) throw new PaymentNotYetKnownError(`Payment ${providerPaymentId} not yet recorded`);
  return payment;
}
