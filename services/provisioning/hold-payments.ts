import { and, eq, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { anyOf } from "@/db/array-params";
import type { Transaction } from "@/db/client";
import { paymentMismatches, transactions, type MismatchReason } from "@/db/schema";
import type { Mismatch } from "@/services/provisioning/find-payment-mismatch";
import type { ProvisioningContext } from "@/services/provisioning/provisioning-context";

/** A payment recorded but held, with what accepting it would need beside its transaction. */
export interface HeldPayment {
  eventId: string;
  /** The order it named. */
  orderId: string;
  providerPaymentId: string;
  providerSubscriptionId: string | null;
  paidThrough: Date | null;
  mismatch: Mismatch;
}

/**
 * Holds recorded payments for the owner, each once (keyed on its transaction): the first event
 * that carried it and why. A payment held before stays as it was held.
 */
export async function holdPayments(tx: Transaction, context: ProvisioningContext, held: HeldPayment[]): Promise<void> {
  const recorded = await tx
    .select({ id: transactions.id, providerPaymentId: transactions.providerTransactionId })
    .from(transactions)
    .where(
      and(
        eq(transactions.provider, context.provider),
        anyOf(
          transactions.providerTransactionId,
          held.map((payment) => payment.providerPaymentId),
        ),
      ),
    );
  const transactionOf = new Map(recorded.map((row) => [row.providerPaymentId, row.id]));
  const first = new Map(held.toReversed().map((payment) => [payment.providerPaymentId, payment]));
  await tx
    .insert(paymentMismatches)
    .values(
      [...first.values()].map((payment) => ({
        webhookEventId: payment.eventId,
        transactionId: transactionOf.get(payment.providerPaymentId)!,
        checkoutOrderId: payment.orderId,
        reason: payment.mismatch.reason,
        detail: payment.mismatch.detail,
        providerSubscriptionId: payment.providerSubscriptionId,
        paidThrough: payment.paidThrough,
      })),
    )
    .onConflictDoNothing({ target: paymentMismatches.transactionId });
}

/**
 * For an order's row: the payments naming it that are held and not accepted, with why (a held
 * payment stays held, whatever its events say later, until the owner decides). A column of the
 * statement that locks the orders, so it costs provisioning no round trip of its own.
 */
export function heldPaymentsOf(orderId: AnyPgColumn, context: ProvisioningContext) {
  // Driven from the mismatches' order index, each payment's id read by its primary key: however
  // the planner sees the tables, this never scans the transactions (a held payment of another
  // provider reads as null and is passed over).
  return sql<{ paymentId: string | null; reason: MismatchReason; detail: string }[]>`(
    select coalesce(json_agg(json_build_object(
             'paymentId', (select t.provider_transaction_id from ${transactions} t
                            where t.id = ${paymentMismatches.transactionId} and t.provider = ${context.provider}),
             'reason', ${paymentMismatches.reason},
             'detail', ${paymentMismatches.detail})), '[]'::json)
      from ${paymentMismatches}
     where ${paymentMismatches.checkoutOrderId} = ${orderId}
       and ${paymentMismatches.status} <> 'accepted')`;
}
