import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { productId, tenantId } from "@/db/schema/references";
import { createdAt, ENVIRONMENTS, id, oneOf, updatedAt } from "@/db/schema/columns";
import { checkoutOrders } from "@/db/schema/checkout-orders";
import { subscriptions } from "@/db/schema/subscriptions";

/** Stored states; "expired" is derived from `expires_at`, so no job is needed to be correct. */
export const LICENSE_STATUSES = ["active", "suspended", "revoked"] as const;

export const licenses = pgTable(
  "licenses",
  {
    id: id(),
    key: text("key").notNull(),
    tenantId: tenantId(),
    productId: productId(),
    subscriptionId: uuid("subscription_id").references(() => subscriptions.id),
    /** The purchase that issued it: one license per checkout order, whatever replays. */
    checkoutOrderId: uuid("checkout_order_id").references(() => checkoutOrders.id),
    status: text("status", { enum: LICENSE_STATUSES }).notNull().default("active"),
    /** The money that paid for it: a test license validates, and says it is one. */
    environment: text("environment", { enum: ENVIRONMENTS }).notNull(),
    activationLimit: integer("activation_limit").notNull().default(1),
    issuedAt: timestamp("issued_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    statusReason: text("status_reason"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("licenses_key_key").on(t.key),
    index("licenses_tenant_idx").on(t.tenantId),
    index("licenses_subscription_idx").on(t.subscriptionId),
    uniqueIndex("licenses_checkout_order_key").on(t.checkoutOrderId),
    check("licenses_status_valid", oneOf(t.status, LICENSE_STATUSES)),
    check("licenses_environment_valid", oneOf(t.environment, ENVIRONMENTS)),
    check("licenses_activation_limit_positive", sql`${t.activationLimit} >= 1`),
  ],
);

export type License = typeof licenses.$inferSelect;
export type NewLicense = typeof licenses.$inferInsert;
