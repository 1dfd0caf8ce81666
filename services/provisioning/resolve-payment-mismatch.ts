import { and, eq } from "drizzle-orm";
import { getDb, type Database, type Transaction } from "@/db/client";
import { checkoutOrders, paymentMismatches, transactions, type PaymentMismatch } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { refundedTotal, refundPayment } from "@/services/payment";
import { applyPaymentsCompleted } from "@/services/provisioning/apply-payment-completed";
import type { ResolvePaymentMismatchInput } from "@/services/provisioning/payment-mismatch.schema";
import { selectPaymentMismatches, type PaymentMismatchView } from "@/services/provisioning/payment-mismatch-view";
import { AMOUNT_ONLY } from "@/services/provisioning/provisioning-event";

/**
 * The owner's decision on a payment held because it did not match its order:
 * - `accept`: the order is provisioned as if the payment had matched (tenant, subscription,
 *   license, the order paid by it), in one transaction with the decision;
 * - `refund`: the whole payment goes back through its provider (`refundPayment`).
 * Either, once. Both take the payment's lock before the mismatch's, so an accept and a refund at
 * once cannot both happen. Throws `not_found`, `refused` (decided already; a payment refunded,
 * disputed or partly refunded; an order paid by another payment), and what `refundPayment` throws.
 */
export async function resolvePaymentMismatch(
  input: ResolvePaymentMismatchInput,
  options: { db?: Database; now?: Date } = {},
): Promise<PaymentMismatchView> {
  const db = options.db ?? getDb();
  const now = options.now ?? new Date();
  const [held] = await db.select().from(paymentMismatches).where(eq(paymentMismatches.id, input.mismatchId));
  if (!held) {
    throw new AppError("not_found", `No payment mismatch ${input.mismatchId}`, {
      userMessage: "There is no such held payment.",
      field: "mismatchId",
    });
  }
  if (input.resolution === "accept") await accept(db, held, now);
  else await refund(db, held, now);
  const [view] = await selectPaymentMismatches(db, eq(paymentMismatches.id, held.id), 1);
  return view!;
}

async function accept(db: Database, held: PaymentMismatch, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const [payment] = await tx.select().from(transactions).where(eq(transactions.id, held.transactionId)).for("update");
    await claimOpen(tx, held.id, "accepted", now);
    if (payment!.status !== "succeeded" || (await refundedTotal(tx, payment!.id, ["pending", "succeeded"])) > 0) {
      throw refused(
        `Payment ${payment!.id} is ${payment!.status} or refunded`,
        "This payment has been refunded or disputed: it cannot pay its order.",
      );
    }
    const [order] = await tx.select().from(checkoutOrders).where(eq(checkoutOrders.id, held.checkoutOrderId));
    if (order!.status === "paid" && order!.providerPaymentId !== payment!.providerTransactionId) {
      throw refused(
        `Order ${order!.id} is paid by ${order!.providerPaymentId}`,
        "The order is already paid by another payment: refund this one instead.",
      );
    }
    // Provisioned as if it had matched: the payment as recorded, with what its event said beside.
    const event = {
      kind: "payment_completed" as const,
      orderId: held.checkoutOrderId,
      providerPaymentId: payment!.providerTransactionId,
      amountMinor: payment!.amountMinor,
      currency: payment!.currency,
      occurredAt: payment!.occurredAt,
      providerSubscriptionId: held.providerSubscriptionId,
      paidThrough: held.paidThrough,
      claim: AMOUNT_ONLY,
    };
    await applyPaymentsCompleted(
      tx,
      [{ eventId: held.webhookEventId, event }],
      { provider: payment!.provider, environment: payment!.environment },
      { ownerAccepted: true },
    );
  });
}

async function refund(db: Database, held: PaymentMismatch, now: Date): Promise<void> {
  // Given back in full already (through the refunds endpoint, or at the provider): only the
  // decision is left to record.
  const settled = await db.transaction(async (tx) => {
    const [payment] = await tx.select().from(transactions).where(eq(transactions.id, held.transactionId)).for("update");
    if ((await refundedTotal(tx, payment!.id, ["pending", "succeeded"])) < payment!.amountMinor) return false;
    await claimOpen(tx, held.id, "refunded", now);
    return true;
  });
  if (settled) return;
  let claimed = false;
  try {
    await refundPayment(
      { transactionId: held.transactionId },
      {
        db,
        now,
        guard: async (tx) => {
          await claimOpen(tx, held.id, "refunded", now);
          claimed = true;
        },
      },
    );
  } catch (error) {
    // The provider refused or failed after the decision was recorded: the payment is still held.
    if (claimed) {
      await db
        .update(paymentMismatches)
        .set({ status: "open", resolvedAt: null, updatedAt: new Date() })
        .where(
          and(
            eq(paymentMismatches.id, held.id),
            eq(paymentMismatches.status, "refunded"),
            eq(paymentMismatches.resolvedAt, now),
          ),
        );
    }
    throw error;
  }
}

/** Records the decision on a mismatch still open, under its lock; `refused` once one was made. */
async function claimOpen(tx: Transaction, id: string, status: "accepted" | "refunded", now: Date): Promise<void> {
  const [claimed] = await tx
    .update(paymentMismatches)
    .set({ status, resolvedAt: now, updatedAt: now })
    .where(and(eq(paymentMismatches.id, id), eq(paymentMismatches.status, "open")))
    .returning({ id: paymentMismatches.id });
  if (!claimed)
    throw refused(`Payment mismatch ${id} is decided already`, "This held payment has been decided already.");
}

const refused = (message: string, userMessage: string) => new AppError("refused", message, { userMessage });
