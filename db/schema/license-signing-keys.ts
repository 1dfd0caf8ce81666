import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { createdAt } from "@/db/schema/columns";

/**
 * Public halves of the keys that sign license certificates, so the JWKS keeps serving a retired
 * key until every certificate it signed has expired. Private keys live only in the environment.
 */
export const licenseSigningKeys = pgTable("license_signing_keys", {
  kid: text("kid").primaryKey(),
  publicJwk: jsonb("public_jwk").$type<Record<string, string>>().notNull(),
  createdAt: createdAt(),
  retiredAt: timestamp("retired_at", { withTimezone: true }),
});

export type LicenseSigningKey = typeof licenseSigningKeys.$inferSelect;
