import { and, eq, isNull, sql } from "drizzle-orm";
import { arrayOf } from "@/db/array-params";
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

/**
 * `recordPayment` for many payments in one statement of one shape (arrays unnested), however
 * many there are; answers the provider payment ids it recorded.
 */
export async function recordPayments(
  tx: Transaction,
  context: ProvisioningContext,
  payments: PaymentRecord[],
): Promise<Set<string>> {
  const { rows } = await tx.execute<{ provider_transaction_id: string }>(sql`
    insert into ${transactions} (tenant_id, checkout_order_id, provider, provider_transaction_id, kind,
                                 amount_minor, currency, status, environment, occurred_at)
    select paid.tenant_id, paid.order_id, ${context.provider}, paid.payment_id, 'payment',
           paid.amount_minor, paid.currency, 'succeeded', ${context.environment}, paid.occurred_at
      from unnest(${arrayOf(payments, (p) => p.tenantId, "uuid")}, ${arrayOf(payments, (p) => p.checkoutOrderId ?? null, "uuid")},
                  ${arrayOf(payments, (p) => p.providerPaymentId, "text")}, ${arrayOf(payments, (p) => p.amountMinor, "bigint")},
                  ${arrayOf(payments, (p) => p.currency, "text")}, ${arrayOf(payments, (p) => p.occurredAt, "timestamptz")})
           as paid(tenant_id, order_id, payment_id, amount_minor, currency, occurred_at)
    on conflict (provider, provider_transaction_id) do nothing
    returning provider_transaction_id`);
  return new Set(rows.map((row) => row.provider_transaction_id));
}

/**
 * Makes a held payment (recorded as its payer's, tied to no order) the order's, as the owner's
 * acceptance says: under the order's buyer. Only a payment still whole and undisputed is taken.
 */
export async function tieHeldPayment(
  tx: Transaction,
  context: ProvisioningContext,
  providerPaymentId: string,
  owner: { tenantId: string; checkoutOrderId: string | null },
): Promise<boolean> {
  const tied = await tx
    .update(transactions)
    .set({ ...owner, updatedAt: new Date() })
    .where(
      and(
        eq(transactions.provider, context.provider),
        eq(transactions.providerTransactionId, providerPaymentId),
        isNull(transactions.checkoutOrderId),
        eq(transactions.kind, "payment"),
        eq(transactions.status, "succeeded"),
      ),
    )
    .returning({ id: transactions.id });
  return tied.length > 0;
}
