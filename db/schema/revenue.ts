import { bigint, boolean, char, check, date, pgTable, text, unique, uuid, uniqueIndex } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { ENVIRONMENTS, oneOf, PROVIDERS } from "@/db/schema/columns";
import { products } from "@/db/schema/products";

/** What a rollup counts: payments received, refunds given, payments disputed (dated by the payment). */
export const REVENUE_KINDS = ["payment", "refund", "dispute"] as const;
export type RevenueKind = (typeof REVENUE_KINDS)[number];

const dimensions = () => ({
  /** The day in the reporting timezone (`revenue_settings`). */
  day: date("day", { mode: "string" }).notNull(),
  provider: text("provider", { enum: PROVIDERS }).notNull(),
  /** The product of the order paid; null for a payment held with no order. */
  productId: uuid("product_id").references(() => products.id),
  currency: char("currency", { length: 3 }).notNull(),
  environment: text("environment", { enum: ENVIRONMENTS }).notNull(),
  kind: text("kind", { enum: REVENUE_KINDS }).notNull(),
  count: bigint("count", { mode: "number" }).notNull(),
  amountMinor: bigint("amount_minor", { mode: "number" }).notNull(),
});

/**
 * The ledger summed per day and dimension, in each original currency: what the console's figures
 * read instead of scanning transactions. Kept by the deltas the ledger's triggers append (migration
 * 0010), folded in by `foldRevenueDeltas`; `rebuildRevenueRollups` recomputes it from the ledger.
 */
export const revenueDaily = pgTable("revenue_daily", dimensions(), (t) => [
  unique("revenue_daily_key").on(t.day, t.provider, t.productId, t.currency, t.environment, t.kind).nullsNotDistinct(),
  check("revenue_daily_kind_valid", oneOf(t.kind, REVENUE_KINDS)),
]);

/**
 * Changes to the rollups, appended by the ledger's triggers in the writer's own transaction: an
 * insert never waits for another writer's row lock, so concurrent provisioning batches do not
 * serialise on a busy day's rollup row. Readers add what is not folded yet.
 */
export const revenueDeltas = pgTable("revenue_deltas", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  ...dimensions(),
});

/** The reporting timezone the rollups' days are in; changing it means a rebuild. */
export const revenueSettings = pgTable(
  "revenue_settings",
  {
    singleton: boolean("singleton").notNull().default(true),
    timezone: text("timezone").notNull(),
  },
  (t) => [
    uniqueIndex("revenue_settings_singleton_key").on(t.singleton),
    check("revenue_settings_singleton_true", sql`${t.singleton}`),
  ],
);

export type RevenueRollup = typeof revenueDaily.$inferSelect;
