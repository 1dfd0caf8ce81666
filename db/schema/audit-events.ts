import { check, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { id, oneOf } from "@/db/schema/columns";

/** Who acted: the owner signed in, one of the owner's API keys, the bootstrap key, the terminal, or nobody yet. */
export const AUDIT_ACTORS = ["session", "api_key", "owner_api_key", "cli", "anonymous"] as const;
export type AuditActor = (typeof AUDIT_ACTORS)[number];

export const AUDIT_OUTCOMES = ["succeeded", "failed"] as const;

/**
 * The owner's record: every owner action and every attempt at one (sign-in failures included),
 * with who, what, when and from where. Append-only: a trigger (migration 0007) refuses to change
 * or delete a row.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: id(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
    actor: text("actor", { enum: AUDIT_ACTORS }).notNull(),
    /** The API key's id, the email tried, or null. */
    actorId: text("actor_id"),
    /** `auth.sign_in`, `api_key.create`, `payment.refund`… */
    action: text("action").notNull(),
    outcome: text("outcome", { enum: AUDIT_OUTCOMES }).notNull(),
    /** What was acted on: an id, when there is one. */
    target: text("target"),
    ip: text("ip"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index("audit_events_occurred_at_idx").on(t.occurredAt),
    check("audit_events_actor_valid", oneOf(t.actor, AUDIT_ACTORS)),
    check("audit_events_outcome_valid", oneOf(t.outcome, AUDIT_OUTCOMES)),
  ],
);

export type AuditEvent = typeof auditEvents.$inferSelect;
