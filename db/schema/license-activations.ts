import { sql } from "drizzle-orm";
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id } from "@/db/schema/columns";
import { licenses } from "@/db/schema/licenses";

/** One domain + hardware fingerprint bound to a license; a deactivated row frees its seat. */
export const licenseActivations = pgTable(
  "license_activations",
  {
    id: id(),
    licenseId: uuid("license_id")
      .notNull()
      .references(() => licenses.id),
    domain: text("domain").notNull(),
    fingerprint: text("fingerprint").notNull(),
    activatedAt: timestamp("activated_at", { withTimezone: true }).notNull().defaultNow(),
    lastValidatedAt: timestamp("last_validated_at", { withTimezone: true }),
    deactivatedAt: timestamp("deactivated_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("license_activations_active_key")
      .on(t.licenseId, t.domain, t.fingerprint)
      .where(sql`${t.deactivatedAt} is null`),
    index("license_activations_license_idx").on(t.licenseId),
  ],
);

export type LicenseActivation = typeof licenseActivations.$inferSelect;
export type NewLicenseActivation = typeof licenseActivations.$inferInsert;
