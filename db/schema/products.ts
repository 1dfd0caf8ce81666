import { sql } from "drizzle-orm";
import { boolean, check, integer, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { amountMinor, createdAt, currency, id, oneOf, updatedAt } from "@/db/schema/columns";

export const PRODUCT_KINDS = ["one_time", "subscription"] as const;
export type ProductKind = (typeof PRODUCT_KINDS)[number];

export const BILLING_INTERVALS = ["month", "year"] as const;
export type BillingInterval = (typeof BILLING_INTERVALS)[number];

/** What the agency sells. Per-provider ids come from the catalog file or the environment. */
export const products = pgTable(
  "products",
  {
    id: id(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    kind: text("kind", { enum: PRODUCT_KINDS }).notNull(),
    priceMinor: amountMinor("price_minor"),
    currency: currency(),
    /** Set for subscriptions only. */
    billingInterval: text("billing_interval", { enum: BILLING_INTERVALS }),
    stripePriceId: text("stripe_price_id"),
    paypalPlanId: text("paypal_plan_id"),
    gumroadPermalink: text("gumroad_permalink"),
    activationLimit: integer("activation_limit").notNull().default(1),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("products_slug_key").on(t.slug),
    check("products_kind_valid", oneOf(t.kind, PRODUCT_KINDS)),
    check("products_price_not_negative", sql`${t.priceMinor} >= 0`),
    check("products_activation_limit_positive", sql`${t.activationLimit} >= 1`),
    check("products_billing_interval_valid", oneOf(t.billingInterval, BILLING_INTERVALS)),
    // Spelled with IS [NOT] NULL: a NULL inside IN (…) makes a CHECK pass instead of fail.
    check(
      "products_interval_matches_kind",
      sql`(${t.kind} = 'subscription' and ${t.billingInterval} is not null)
        or (${t.kind} = 'one_time' and ${t.billingInterval} is null)`,
    ),
  ],
);

export type Product = typeof products.$inferSelect;
export type NewProduct = typeof products.$inferInsert;
