import { sql } from "drizzle-orm";
import { check, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, oneOf, updatedAt } from "@/db/schema/columns";

export const TENANT_SUBSCRIPTION_STATUSES = ["none", "active", "past_due", "canceled"] as const;

/** The agency's customers, keyed by lower-cased email. */
export const tenants = pgTable(
  "tenants",
  {
    id: id(),
    email: text("email").notNull(),
    /** Short Crockford base32 code that appears in the tenant's license keys. */
    code: text("code").notNull(),
    name: text("name"),
    /** Primary domain; license activations may bind others. */
    domain: text("domain"),
    subscriptionStatus: text("subscription_status", { enum: TENANT_SUBSCRIPTION_STATUSES }).notNull().default("none"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("tenants_email_key").on(t.email),
    uniqueIndex("tenants_code_key").on(t.code),
    // NULLs are distinct, so the index binds only tenants that have a domain.
    uniqueIndex("tenants_domain_key").on(t.domain),
    check("tenants_email_lower", sql`${t.email} = lower(${t.email})`),
    // License keys embed the code, so it must already be canonical Crockford base32.
    check("tenants_code_crockford", sql`${t.code} ~ '^[0-9A-HJKMNP-TV-Z]{4,12}$'`),
    check("tenants_subscription_status_valid", oneOf(t.subscriptionStatus, TENANT_SUBSCRIPTION_STATUSES)),
  ],
);

export type Tenant = typeof tenants.$inferSelect;
export type NewTenant = typeof tenants.$inferInsert;
