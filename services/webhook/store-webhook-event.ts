import { and, inArray } from "drizzle-orm";
import type { Database } from "@/db/client";
import { webhookEvents, type Provider, type WebhookEvent } from "@/db/schema";
import type { VerifiedWebhookEvent } from "@/gateways";
import { AppError } from "@/lib/errors";
import { isHandledEventType } from "@/services/webhook/handled-event-types";

export interface WebhookEventToStore {
  provider: Provider;
  event: VerifiedWebhookEvent;
  rawBody: string;
}

export interface StoredWebhookEvent {
  id: string;
  status: WebhookEvent["status"];
  /** False when the provider had delivered this event before. */
  inserted: boolean;
}

const keyOf = (provider: string, providerEventId: string) => `${provider}\u0000${providerEventId}`;

/**
 * Stores verified events once each, in one statement: unique on provider + provider event id, so a
 * redelivery (even within the same batch) finds the first row and changes nothing. Events of
 * types nobody handles are stored as `ignored`. Answers one result per item, in order. Any
 * database failure is a 503, so the provider delivers again later.
 */
export async function storeWebhookEvents(db: Database, items: WebhookEventToStore[]): Promise<StoredWebhookEvent[]> {
  try {
    const firsts = new Map(items.map((item) => [keyOf(item.provider, item.event.providerEventId), item]));
    const inserted = await db
      .insert(webhookEvents)
      .values(
        [...firsts.values()].map(({ provider, event, rawBody }) => ({
          provider,
          providerEventId: event.providerEventId,
          type: event.type,
          environment: event.environment,
          payload: rawBody,
          status: isHandledEventType(provider, event.type) ? ("received" as const) : ("ignored" as const),
        })),
      )
      .onConflictDoNothing({ target: [webhookEvents.provider, webhookEvents.providerEventId] })
      .returning({
        id: webhookEvents.id,
        provider: webhookEvents.provider,
        providerEventId: webhookEvents.providerEventId,
        status: webhookEvents.status,
      });
    const rows = new Map(inserted.map((row) => [keyOf(row.provider, row.providerEventId), row]));
    const fresh = new Set(rows.keys());
    const known = [...firsts.values()].filter((item) => !fresh.has(keyOf(item.provider, item.event.providerEventId)));
    if (known.length > 0) {
      const existing = await db
        .select({
          id: webhookEvents.id,
          provider: webhookEvents.provider,
          providerEventId: webhookEvents.providerEventId,
          status: webhookEvents.status,
        })
        .from(webhookEvents)
        .where(
          and(
            inArray(webhookEvents.provider, [...new Set(known.map((item) => item.provider))]),
            inArray(
              webhookEvents.providerEventId,
              known.map((item) => item.event.providerEventId),
            ),
          ),
        );
      for (const row of existing) rows.set(keyOf(row.provider, row.providerEventId), row);
    }
    return items.map(({ provider, event }) => {
      const key = keyOf(provider, event.providerEventId);
      const row = rows.get(key);
      if (!row) throw new Error("Webhook event vanished between insert and select");
      // Only the first caller of a new event learns that it was the one that inserted it.
      const first = fresh.delete(key);
      return { id: row.id, status: row.status, inserted: first };
    });
  } catch (error) {
    throw new AppError("service_unavailable", "Could not store the webhook events", { cause: error });
  }
}

/** Stores one verified event; see `storeWebhookEvents`. */
export async function storeWebhookEvent(
  db: Database,
  provider: Provider,
  event: VerifiedWebhookEvent,
  rawBody: string,
): Promise<StoredWebhookEvent> {
  const [stored] = await storeWebhookEvents(db, [{ provider, event, rawBody }]);
  return stored!;
}
