import { bigint, boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { createdAt, id, updatedAt } from "@/db/schema/columns";

/**
 * The agency owner: the one person who signs in to the console. At most one row (`singleton`).
 * `sessionVersion` is carried in every session token; raising it (a password change, "sign out
 * everywhere") ends every session issued before.
 */
export const ownerAccounts = pgTable(
  "owner_accounts",
  {
    id: id(),
    singleton: boolean("singleton").notNull().default(true),
    email: text("email").notNull(),
    /** argon2id, PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`). */
    passwordHash: text("password_hash").notNull(),
    sessionVersion: integer("session_version").notNull().default(1),
    /** The TOTP secret (base32) once two-factor is on; null while it is off. */
    totpSecret: text("totp_secret"),
    /** A secret offered on the settings page, kept until the owner confirms it with a code. */
    totpPendingSecret: text("totp_pending_secret"),
    /** The last TOTP time step accepted: a code is good once, never replayed within its window. */
    totpLastStep: bigint("totp_last_step", { mode: "number" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("owner_accounts_singleton_key").on(t.singleton),
    check("owner_accounts_singleton_true", sql`${t.singleton}`),
  ],
);

export type OwnerAccount = typeof ownerAccounts.$inferSelect;

/** One-time tokens that let `/setup` create the owner: stored as SHA-256, valid for an hour, used once. */
export const ownerSetupTokens = pgTable(
  "owner_setup_tokens",
  {
    id: id(),
    tokenHash: text("token_hash").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("owner_setup_tokens_hash_key").on(t.tokenHash)],
);

export type OwnerSetupToken = typeof ownerSetupTokens.$inferSelect;

/** Recovery codes for two-factor sign-in: shown once, stored as SHA-256, each good once. */
export const ownerRecoveryCodes = pgTable(
  "owner_recovery_codes",
  {
    id: id(),
    codeHash: text("code_hash").notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("owner_recovery_codes_hash_key").on(t.codeHash)],
);

/**
 * Sessions signed out before they expired: a session token is otherwise good until it expires, and
 * signing out must end this one session without ending the owner's others. Kept until the token's
 * own expiry, after which it is refused anyway.
 */
export const ownerEndedSessions = pgTable(
  "owner_ended_sessions",
  {
    sessionId: text("session_id").primaryKey(),
    endedAt: timestamp("ended_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("owner_ended_sessions_expires_at_idx").on(t.expiresAt)],
);
