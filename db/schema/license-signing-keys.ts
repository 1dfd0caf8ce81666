import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { createdAt } from "@/db/schema/columns";

/**
 * Public halves of the keys that sign license certificates. A key stays in the JWKS until every
 * certificate it may have signed has expired, judged by when it last signed; so old and new keys
 * signing side by side during a rolling deploy both stay published. Private keys live only in the
 * environment.
 */
export const licenseSigningKeys = pgTable("license_signing_keys", {
  kid: text("kid").primaryKey(),
  publicJwk: jsonb("public_jwk").$type<Record<string, string>>().notNull(),
  createdAt: createdAt(),
  lastSignedAt: timestamp("last_signed_at", { withTimezone: true }).notNull().defaultNow(),
});

export type LicenseSigningKey = typeof licenseSigningKeys.$inferSelect;
