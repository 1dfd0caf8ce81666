import { sql } from "drizzle-orm";
import { type AnyPgColumn, check, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { checkoutOrders } from "@/db/schema/checkout-orders";
import { tenantId } from "@/db/schema/references";
import { amountMinor, createdAt, currency, ENVIRONMENTS, id, oneOf, PROVIDERS, updatedAt } from "@/db/schema/columns";

export const TRANSACTION_KINDS = ["payment", "refund"] as const;
export const TRANSACTION_STATUSES = ["pending", "succeeded", "failed", "refunded", "disputed"] as const;

/**
 * Money that moved. Keyed on the provider's payment id (PaymentIntent, capture, sale) or refund id,
 * so the API path and the webhook path upsert the same row.
 */
export const transactions = pgTable(
  "transactions",
  {
    id: id(),
    tenantId: tenantId(),
    checkoutOrderId: uuid("checkout_order_id").references(() => checkoutOrders.id),
    provider: text("provider", { enum: PROVIDERS }).notNull(),
    providerTransactionId: text("provider_transaction_id").notNull(),
    kind: text("kind", { enum: TRANSACTION_KINDS }).notNull(),
    /** For a refund, the payment it gives back. */
    refundOfId: uuid("refund_of_id").references((): AnyPgColumn => transactions.id),
    amountMinor: amountMinor(),
    currency: currency(),
    status: text("status", { enum: TRANSACTION_STATUSES }).notNull(),
    environment: text("environment", { enum: ENVIRONMENTS }).notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("transactions_provider_transaction_key").on(t.provider, t.providerTransactionId),
    index("transactions_tenant_idx").on(t.tenantId),
    index("transactions_occurred_at_idx").on(t.occurredAt),
    check("transactions_amount_not_negative", sql`${t.amountMinor} >= 0`),
    check("transactions_provider_valid", oneOf(t.provider, PROVIDERS)),
    check("transactions_kind_valid", oneOf(t.kind, TRANSACTION_KINDS)),
    check("transactions_status_valid", oneOf(t.status, TRANSACTION_STATUSES)),
    check("transactions_environment_valid", oneOf(t.environment, ENVIRONMENTS)),
  ],
);

export type Transaction = typeof transactions.$inferSelect;
export type NewTransaction = typeof transactions.$inferInsert;
