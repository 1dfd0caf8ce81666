import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { getDb, type Database, type Transaction } from "@/db/client";
import { transactions, type Provider, type Transaction as Payment } from "@/db/schema";
import { isUniqueViolation } from "@/db/unique-violation";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getProviderGateway } from "@/services/payment/get-payment-gateway";
import { refundedTotal } from "@/services/payment/refunded-total";
import type { RefundInput } from "@/services/payment/refund-payment.schema";

const DAY_MS = 24 * 60 * 60 * 1000;
// A refund row holds this key until the provider names the refund.
const PLACEHOLDER = "pending-refund:";

export interface RefundView {
  refundId: string;
  providerRefundId: string;
  amountMinor: number;
  currency: string;
  status: "succeeded" | "pending";
  /** What can still be refunded of the payment after this. */
  remainingMinor: number;
}

/**
 * Gives back all or part of a payment through the provider that took it, within
 * REFUND_WINDOW_DAYS of the payment (180 by default, every provider). The refund is recorded first
 * (under a lock on the payment, so two refunds at once cannot exceed it), then sent with a key of
 * its own, then keyed on the provider's refund id, so the refund's webhook finds it instead of
 * counting it again. If the provider fails, the refund is kept as `failed`; if it is not set up to
 * take refunds here (503), nothing is kept. Throws `not_found`,
 * `refused` (not a refundable payment, or too old) or `validation_failed` (field `amountMinor`).
 *
 * `guard` runs under the payment's lock once the refund is allowed, before it is recorded: what it
 * writes commits with the refund's record, and what it throws refuses the refund.
 */
export async function refundPayment(
  input: RefundInput,
  options: { db?: Database; now?: Date; guard?: (tx: Transaction, payment: Payment) => Promise<void> } = {},
): Promise<RefundView> {
  const db = options.db ?? getDb();
  const now = options.now ?? new Date();
  const env = getEnv();

  const { payment, refund, remainingMinor, gateway } = await db.transaction(async (tx) => {
    const [payment] = await tx
      .select()
      .from(transactions)
      .where(eq(transactions.id, input.transactionId))
      .for("update");
    if (!payment)
      throw new AppError("not_found", `No transaction ${input.transactionId}`, {
        userMessage: "There is no such transaction.",
        field: "transactionId",
      });
    if (payment.kind !== "payment" || payment.status !== "succeeded") {
      throw new AppError("refused", `Transaction ${payment.id} is not a refundable payment`, {
        userMessage: "Only a successful payment can be refunded.",
      });
    }
    if (now.getTime() - payment.occurredAt.getTime() > env.REFUND_WINDOW_DAYS * DAY_MS) {
      throw new AppError("refused", `Payment ${payment.id} is older than ${env.REFUND_WINDOW_DAYS} days`, {
        userMessage: `Payments can be refunded within ${env.REFUND_WINDOW_DAYS} days; this one is older.`,
      });
    }
    const remaining = payment.amountMinor - (await refundedTotal(tx, payment.id, ["pending", "succeeded"]));
    const amountMinor = input.amountMinor ?? remaining;
    if (remaining <= 0 || amountMinor > remaining) {
      throw new AppError("validation_failed", `Refund of ${amountMinor} exceeds the ${remaining} remaining`, {
        field: "amountMinor",
        userMessage: `amountMinor: at most ${remaining} of this payment can still be refunded`,
      });
    }
    // A provider that cannot take the refund now is refused before anything is written.
    const gateway = getProviderGateway(payment.provider, env);
    await options.guard?.(tx, payment);
    const [refund] = await tx
      .insert(transactions)
      .values({
        tenantId: payment.tenantId,
        checkoutOrderId: payment.checkoutOrderId,
        provider: payment.provider,
        providerTransactionId: `${PLACEHOLDER}${randomUUID()}`,
        kind: "refund",
        refundOfId: payment.id,
        amountMinor,
        currency: payment.currency,
        status: "pending",
        environment: payment.environment,
        occurredAt: now,
      })
      .returning();
    return { payment, refund: refund!, remainingMinor: remaining - amountMinor, gateway };
  });

  let sent;
  try {
    sent = await gateway.refund({
      providerPaymentId: payment.providerTransactionId,
      amountMinor: refund.amountMinor,
      currency: refund.currency,
      idempotencyKey: `refund-${refund.id}`,
    });
  } catch (error) {
    // Refused before the provider was asked (not set up for refunds here): nothing happened to
    // record. Asked and failed: the attempt stands, as `failed`.
    const neverSent = error instanceof AppError && error.code === "service_unavailable";
    if (neverSent) await db.delete(transactions).where(eq(transactions.id, refund.id));
    else {
      await db
        .update(transactions)
        .set({ status: "failed", updatedAt: new Date() })
        .where(eq(transactions.id, refund.id));
    }
    throw error;
  }
  const recorded = await keyOnProviderRefund(db, refund, sent.providerRefundId, sent.status);
  return {
    refundId: recorded,
    providerRefundId: sent.providerRefundId,
    amountMinor: refund.amountMinor,
    currency: refund.currency,
    status: sent.status,
    remainingMinor,
  };
}

/**
 * Gives the refund row the provider's id. If the refund's webhook got there first and recorded it
 * under that id, that row stands and this one goes. Answers the id of the row that stands.
 */
async function keyOnProviderRefund(
  db: Database,
  refund: { id: string; provider: Provider },
  providerRefundId: string,
  status: "succeeded" | "pending",
): Promise<string> {
  try {
    await db
      .update(transactions)
      .set({ providerTransactionId: providerRefundId, status, updatedAt: new Date() })
      .where(eq(transactions.id, refund.id));
    return refund.id;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    await db.delete(transactions).where(eq(transactions.id, refund.id));
    const [recorded] = await db
      .select({ id: transactions.id })
      .from(transactions)
      .where(and(eq(transactions.provider, refund.provider), eq(transactions.providerTransactionId, providerRefundId)));
    return recorded!.id;
  }
}
