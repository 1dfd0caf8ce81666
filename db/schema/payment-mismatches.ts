import { check, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { checkoutOrders } from "@/db/schema/checkout-orders";
import { createdAt, id, oneOf, updatedAt } from "@/db/schema/columns";
import { transactions } from "@/db/schema/transactions";
import { webhookEvents } from "@/db/schema/webhook-events";

/** What a payment can differ from its order in; the first that differs is the one kept. */
export const MISMATCH_REASONS = [
  "provider_mismatch",
  "environment_mismatch",
  "product_mismatch",
  "currency_mismatch",
  "amount_mismatch",
  "order_already_paid",
  "order_not_payable",
  // A renewal of a subscription whose first payment is held: it pays for nothing yet.
  "subscription_held",
] as const;
export type MismatchReason = (typeof MISMATCH_REASONS)[number];

/** Open until the owner decides: accept (provision as if it matched) or refund. */
export const MISMATCH_STATUSES = ["open", "accepted", "refunded"] as const;

/**
 * A payment that did not match the order it named: recorded as a transaction of whoever paid (the
 * money moved), tied to no order and licensing nothing, held for the owner. One per payment,
 * however often its events come.
 */
export const paymentMismatches = pgTable(
  "payment_mismatches",
  {
    id: id(),
    /** The event that first carried the payment. */
    webhookEventId: uuid("webhook_event_id")
      .notNull()
      .references(() => webhookEvents.id),
    transactionId: uuid("transaction_id")
      .notNull()
      .references(() => transactions.id),
    /** The order the payment named; the payment is tied to it only if the owner accepts it. */
    checkoutOrderId: uuid("checkout_order_id")
      .notNull()
      .references(() => checkoutOrders.id),
    reason: text("reason", { enum: MISMATCH_REASONS }).notNull(),
    /** What differed, in words and figures: `amount_mismatch: paid 7900 USD, order 149000 USD`. */
    detail: text("detail").notNull(),
    /** What accepting needs beside the transaction: the subscription it started and the period paid. */
    providerSubscriptionId: text("provider_subscription_id"),
    paidThrough: timestamp("paid_through", { withTimezone: true }),
    status: text("status", { enum: MISMATCH_STATUSES }).notNull().default("open"),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("payment_mismatches_transaction_key").on(t.transactionId),
    index("payment_mismatches_status_idx").on(t.status, t.createdAt),
    // Provisioning looks up an order's held payments as it locks the order.
    index("payment_mismatches_checkout_order_idx").on(t.checkoutOrderId),
    check("payment_mismatches_reason_valid", oneOf(t.reason, MISMATCH_REASONS)),
    check("payment_mismatches_status_valid", oneOf(t.status, MISMATCH_STATUSES)),
  ],
);

export type PaymentMismatch = typeof paymentMismatches.$inferSelect;
