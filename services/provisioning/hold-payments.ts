import { and, eq, ne, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { anyOf } from "@/db/array-params";
import type { Transaction } from "@/db/client";
import { paymentMismatches, transactions, type Provider } from "@/db/schema";
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
 * For an order's row: the transactions of the payments naming it that are held and not accepted
 * (a held payment stays held, whatever its events say later, until the owner decides). A column
 * of the statement that locks the orders, one probe of an index, so the common case (none) costs
 * provisioning nothing more.
 */
export function heldPaymentsOf(orderId: AnyPgColumn) {
  return sql<string[]>`array(select ${paymentMismatches.transactionId} from ${paymentMismatches}
     where ${paymentMismatches.checkoutOrderId} = ${orderId} and ${paymentMismatches.status} <> 'accepted')`;
}

/** The held payments among these transactions, by the provider's payment id, with why they are held. */
export async function findHeldPayments(
  tx: Transaction,
  context: ProvisioningContext,
  transactionIds: string[],
): Promise<Map<string, Mismatch>> {
  if (transactionIds.length === 0) return new Map();
  const rows = await tx
    .select({
      paymentId: transactions.providerTransactionId,
      reason: paymentMismatches.reason,
      detail: paymentMismatches.detail,
    })
    .from(paymentMismatches)
    .innerJoin(transactions, eq(transactions.id, paymentMismatches.transactionId))
    .where(and(anyOf(paymentMismatches.transactionId, transactionIds), eq(transactions.provider, context.provider)));
  return new Map(rows.map(({ paymentId, ...mismatch }) => [paymentId, mismatch]));
}

/**
 * The held payment that started this provider's subscription (not a renewal held beside it): the
 * order it named, why and how it is held, and whose it is; null when none is held.
 */
export async function findHeldSubscriptionStart(tx: Transaction, provider: Provider, providerSubscriptionId: string) {
  const [start] = await tx
    .select({
      orderId: paymentMismatches.checkoutOrderId,
      reason: paymentMismatches.reason,
      status: paymentMismatches.status,
      tenantId: transactions.tenantId,
    })
    .from(paymentMismatches)
    .innerJoin(transactions, eq(transactions.id, paymentMismatches.transactionId))
    .where(
      and(
        eq(transactions.provider, provider),
        eq(paymentMismatches.providerSubscriptionId, providerSubscriptionId),
        ne(paymentMismatches.reason, "subscription_held"),
      ),
    )
    .limit(1);
  return start ?? null;
}
