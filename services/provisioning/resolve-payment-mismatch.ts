import { and, eq } from "drizzle-orm";
import { getDb, type Database, type Transaction } from "@/db/client";
import {
  checkoutOrders,
  paymentMismatches,
  subscriptions,
  transactions,
  type PaymentMismatch,
  type Transaction as Payment,
} from "@/db/schema";
import { AppError } from "@/lib/errors";
import { getLogger } from "@/lib/logger";
import { getProviderGateway, refundedTotal, refundPayment } from "@/services/payment";
import { applyPaymentsCompleted } from "@/services/provisioning/apply-payment-completed";
import { applySubscriptionRenewed } from "@/services/provisioning/apply-subscription-renewed";
import { findHeldSubscriptionStart } from "@/services/provisioning/hold-payments";
import { lockSubscription, SubscriptionNotYetKnownError } from "@/services/provisioning/lock-subscription";
import type { ResolvePaymentMismatchInput } from "@/services/provisioning/payment-mismatch.schema";
import { selectPaymentMismatches, type PaymentMismatchView } from "@/services/provisioning/payment-mismatch-view";
import { AMOUNT_ONLY } from "@/services/provisioning/provisioning-event";

export type ResolvedPaymentMismatch = PaymentMismatchView & {
  /**
   * For a refunded payment that started a subscription: whether its provider stopped the
   * subscription (false where it cannot or failed: stop it there); null otherwise.
   */
  subscriptionStopped: boolean | null;
};

/**
 * The owner's decision on a payment held because it did not pay the order it named:
 * - `accept`: the order is provisioned as if the payment had matched (the payment becomes the
 *   order's, its buyer gets the license; a held renewal extends its subscription once that
 *   subscription's first payment is accepted), in one transaction with the decision;
 * - `refund`: the whole payment goes back through its provider (`refundPayment`); a payment that
 *   started a subscription also stops that subscription at its provider, where it can.
 * Either, once. Both take the payment's lock before the mismatch's, so an accept and a refund at
 * once cannot both happen. Throws `not_found`, `refused` (decided already; a payment refunded or
 * disputed; an order paid by another payment; a renewal before its subscription's first payment),
 * and what `refundPayment` throws.
 */
export async function resolvePaymentMismatch(
  input: ResolvePaymentMismatchInput,
  options: { db?: Database; now?: Date } = {},
): Promise<ResolvedPaymentMismatch> {
  const db = options.db ?? getDb();
  const now = options.now ?? new Date();
  const [held] = await db.select().from(paymentMismatches).where(eq(paymentMismatches.id, input.mismatchId));
  if (!held) {
    throw new AppError("not_found", `No payment mismatch ${input.mismatchId}`, {
      userMessage: "There is no such held payment.",
      field: "mismatchId",
    });
  }
  let subscriptionStopped: boolean | null = null;
  if (input.resolution === "accept") await accept(db, held, now);
  else subscriptionStopped = await refund(db, held, now);
  const [view] = await selectPaymentMismatches(db, eq(paymentMismatches.id, held.id), 1);
  return { ...view!, subscriptionStopped };
}

async function accept(db: Database, held: PaymentMismatch, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const payment = await lockHeldTransaction(tx, held);
    await claimOpen(tx, held.id, "accepted", now);
    if (payment.status !== "succeeded" || (await refundedTotal(tx, payment.id, ["pending", "succeeded"])) > 0) {
      throw refused(
        `Payment ${payment.id} is ${payment.status} or refunded`,
        "This payment has been refunded or disputed: it cannot pay its order.",
      );
    }
    const context = { provider: payment.provider, environment: payment.environment };
    const paid = {
      providerPaymentId: payment.providerTransactionId,
      amountMinor: payment.amountMinor,
      currency: payment.currency,
      occurredAt: payment.occurredAt,
      paidThrough: held.paidThrough,
    };
    if (held.reason === "subscription_held") {
      if (!held.providerSubscriptionId) throw new Error(`Held renewal ${held.id} names no subscription`);
      // It renews a subscription only once the payment that started it has been accepted.
      await lockSubscription(tx, context, held.providerSubscriptionId).catch(async (error: unknown) => {
        if (!(error instanceof SubscriptionNotYetKnownError)) throw error;
        throw refused(error.message, await whyNoSubscription(tx, held, payment));
      });
      const renewal = {
        kind: "subscription_renewed" as const,
        providerSubscriptionId: held.providerSubscriptionId,
        ...paid,
      };
      await applySubscriptionRenewed(tx, { eventId: held.webhookEventId, event: renewal }, context, {
        ownerAccepted: true,
      });
      return;
    }
    // Locked before it is looked at: a payment of it arriving meanwhile is waited for, then seen.
    const [order] = await tx
      .select()
      .from(checkoutOrders)
      .where(eq(checkoutOrders.id, held.checkoutOrderId))
      .for("update");
    if (order!.status === "paid" && order!.providerPaymentId !== payment.providerTransactionId) {
      throw refused(
        `Order ${order!.id} is paid by ${order!.providerPaymentId}`,
        "The order is already paid by another payment: refund this one instead.",
      );
    }
    const event = {
      kind: "payment_completed" as const,
      orderId: held.checkoutOrderId,
      providerSubscriptionId: held.providerSubscriptionId,
      claim: AMOUNT_ONLY,
      ...paid,
    };
    await applyPaymentsCompleted(tx, [{ eventId: held.webhookEventId, event }], context, { ownerAccepted: true });
  });
}

/** Refunds the held payment whole; answers whether the subscription it started was stopped (null: none). */
async function refund(db: Database, held: PaymentMismatch, now: Date): Promise<boolean | null> {
  // Given back in full already (through the refunds endpoint, or at the provider): only the
  // decision is left to record.
  const settled = await db.transaction(async (tx) => {
    const payment = await lockHeldTransaction(tx, held);
    if ((await refundedTotal(tx, payment.id, ["pending", "succeeded"])) < payment.amountMinor) return null;
    await claimOpen(tx, held.id, "refunded", now);
    return payment;
  });
  let payment = settled;
  if (!payment) {
    let claimed = false;
    try {
      await refundPayment(
        { transactionId: held.transactionId },
        {
          db,
          now,
          guard: async (tx, locked) => {
            await claimOpen(tx, held.id, "refunded", now);
            claimed = true;
            payment = locked;
          },
        },
      );
    } catch (error) {
      // The provider refused or failed after the decision was recorded: the payment is still held.
      if (claimed) await reopen(db, held.id, now);
      throw error;
    }
  }
  return stopSubscription(db, held, payment!);
}

/** What the owner can do about a held renewal whose subscription has not started. */
async function whyNoSubscription(tx: Transaction, held: PaymentMismatch, payment: Payment): Promise<string> {
  const start = await findHeldSubscriptionStart(tx, payment.provider, held.providerSubscriptionId!);
  return start?.status === "refunded"
    ? "The payment that started this subscription was refunded: refund this one too."
    : "Accept the payment that started this subscription first.";
}

/**
 * A refunded payment that started a subscription must not leave it billing the buyer: its provider
 * is asked to stop it, unless the subscription is one of ours after all (another payment started
 * it, and it is licensed). Renewals held beside it stay with their own decisions.
 */
async function stopSubscription(db: Database, held: PaymentMismatch, payment: Payment): Promise<boolean | null> {
  if (!held.providerSubscriptionId || held.reason === "subscription_held") return null;
  const [ours] = await db
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.provider, payment.provider),
        eq(subscriptions.providerSubscriptionId, held.providerSubscriptionId),
      ),
    );
  if (ours) return null;
  try {
    await getProviderGateway(payment.provider).cancelSubscription(held.providerSubscriptionId);
    return true;
  } catch (error) {
    getLogger().warn(
      { err: error, provider: payment.provider, mismatchId: held.id },
      "a refunded held payment's subscription could not be stopped at its provider",
    );
    return false;
  }
}

/** The held payment's transaction, locked: accept and refund both take it before anything else. */
async function lockHeldTransaction(tx: Transaction, held: PaymentMismatch): Promise<Payment> {
  const [payment] = await tx.select().from(transactions).where(eq(transactions.id, held.transactionId)).for("update");
  return payment!;
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

/** Undoes this call's own refund decision (the one made at `now`) after the provider failed it. */
async function reopen(db: Database, id: string, now: Date): Promise<void> {
  await db
    .update(paymentMismatches)
    .set({ status: "open", resolvedAt: null, updatedAt: new Date() })
    .where(
      and(
        eq(paymentMismatches.id, id),
        eq(paymentMismatches.status, "refunded"),
        eq(paymentMismatches.resolvedAt, now),
      ),
    );
}

const refused = (message: string, userMessage: string) => new AppError("refused", message, { userMessage });
