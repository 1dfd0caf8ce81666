import { check, index, integer, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { ENVIRONMENTS, id, oneOf, PROVIDERS } from "@/db/schema/columns";

export const WEBHOOK_EVENT_STATUSES = ["received", "processed", "ignored", "failed"] as const;

/** Every verified provider event, stored once; the queue carries only the row id. */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    id: id(),
    provider: text("provider", { enum: PROVIDERS }).notNull(),
    providerEventId: text("provider_event_id").notNull(),
    type: text("type").notNull(),
    environment: text("environment", { enum: ENVIRONMENTS }).notNull(),
    /** The body exactly as received (JSON or a form post), after its signature was verified. */
    payload: text("payload").notNull(),
    status: text("status", { enum: WEBHOOK_EVENT_STATUSES }).notNull().default("received"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp("processed_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("webhook_events_provider_event_key").on(t.provider, t.providerEventId),
    index("webhook_events_status_received_idx").on(t.status, t.receivedAt),
    check("webhook_events_provider_valid", oneOf(t.provider, PROVIDERS)),
    check("webhook_events_status_valid", oneOf(t.status, WEBHOOK_EVENT_STATUSES)),
    check("webhook_events_environment_valid", oneOf(t.environment, ENVIRONMENTS)),
  ],
);

export type WebhookEvent = typeof webhookEvents.$inferSelect;
export type NewWebhookEvent = typeof webhookEvents.$inferInsert;
