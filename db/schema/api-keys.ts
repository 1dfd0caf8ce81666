import { check, index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, oneOf } from "@/db/schema/columns";

/** `read` may look; `write` may also act (refund, cancel, change licenses and products). */
export const API_KEY_SCOPES = ["read", "write"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/**
 * The owner's keys for machine callers. The key is shown once; only its SHA-256 is kept (a key is
 * 32 random bytes, so a fast hash is enough), with its first characters to tell keys apart.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: id(),
    name: text("name").notNull(),
    scope: text("scope", { enum: API_KEY_SCOPES }).notNull(),
    keyHash: text("key_hash").notNull(),
    /** `agy_…` and the first characters, to recognise the key in a list. */
    prefix: text("prefix").notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("api_keys_hash_key").on(t.keyHash),
    index("api_keys_created_at_idx").on(t.createdAt),
    check("api_keys_scope_valid", oneOf(t.scope, API_KEY_SCOPES)),
  ],
);

export type ApiKey = typeof apiKeys.$inferSelect;
