import { boolean, check, index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { productId, tenantId } from "@/db/schema/references";
import { createdAt, ENVIRONMENTS, id, oneOf, PROVIDERS, updatedAt } from "@/db/schema/columns";

export const SUBSCRIPTION_STATUSES = ["pending", "active", "past_due", "canceled", "expired", "suspended"] as const;

export const subscriptions = pgTable(
  "subscriptions",
  {
    id: id(),
    tenantId: tenantId(),
    productId: productId(),
    provider: text("provider", { enum: PROVIDERS }).notNull(),
    providerSubscriptionId: text("provider_subscription_id").notNull(),
    status: text("status", { enum: SUBSCRIPTION_STATUSES }).notNull(),
    environment: text("environment", { enum: ENVIRONMENTS }).notNull(),
    currentPeriodEnd: timestamp("current_period_end", { withTimezone: true }),
    cancelAtPeriodEnd: boolean("cancel_at_period_end").notNull().default(false),
    /** Time of the newest provider event applied; older events arriving late change nothing. */
    lastEventAt: timestamp("last_event_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("subscriptions_provider_subscription_key").on(t.provider, t.providerSubscriptionId),
    index("subscriptions_tenant_idx").on(t.tenantId),
    check("subscriptions_provider_valid", oneOf(t.provider, PROVIDERS)),
    check("subscriptions_status_valid", oneOf(t.status, SUBSCRIPTION_STATUSES)),
    check("subscriptions_environment_valid", oneOf(t.environment, ENVIRONMENTS)),
  ],
);

export type Subscription = typeof subscriptions.$inferSelect;
export type NewSubscription = typeof subscriptions.$inferInsert;
