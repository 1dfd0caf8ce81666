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

export interface PaymentRecord {
  tenantId: string;
  checkoutOrderId?: string;
  providerPaymentId: string;
  amountMinor: number;
  currency: string;
  occurredAt: Date;
}

/**
 * Records a payment once, keyed on the provider's payment id. Answers whether this call recorded
 * it (false: an earlier event already had).
 */
export async function recordPayment(
  tx: Transaction,
  context: ProvisioningContext,
  payment: PaymentRecord,
): Promise<boolean> {
  return (await recordPayments(tx, context, [payment])).has(payment.providerPaymentId);
}

/** `recordPayment` for many payments in one statement; answers the provider payment ids it recorded. */
export async function recordPayments(
  tx: Transaction,
  context: ProvisioningContext,
  payments: PaymentRecord[],
): Promise<Set<string>> {
  const recorded = await tx
    .insert(transactions)
    .values(
      payments.map((payment) => ({
        tenantId: payment.tenantId,
        checkoutOrderId: payment.checkoutOrderId ?? null,
        provider: context.provider,
        providerTransactionId: payment.providerPaymentId,
        kind: "payment" as const,
        amountMinor: payment.amountMinor,
        currency: payment.currency,
        status: "succeeded" as const,
        environment: context.environment,
        occurredAt: payment.occurredAt,
      })),
    )
    .onConflictDoNothing({ target: [transactions.provider, transactions.providerTransactionId] })
    .returning({ providerPaymentId: transactions.providerTransactionId });
  return new Set(recorded.map((row) => row.providerPaymentId));
}
