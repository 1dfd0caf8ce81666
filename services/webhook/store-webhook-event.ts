import { and, getTableName, inArray } from "drizzle-orm";
import { preparedQuery, type Database } from "@/db/client";
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

// One statement for a whole batch, whatever its size: one array per column, unnested into rows.
// Run by node-postgres as a prepared statement: drizzle's builder cost more app-server CPU than the
// insert on this hot path.
const insertedColumns = [
  webhookEvents.provider,
  webhookEvents.providerEventId,
  webhookEvents.type,
  webhookEvents.environment,
  webhookEvents.payload,
  webhookEvents.status,
].map((column) => `"${column.name}"`);
const INSERT_EVENTS =
  `insert into "${getTableName(webhookEvents)}" (${insertedColumns.join(", ")}) ` +
  `select * from unnest(${insertedColumns.map((_, i) => `$${i + 1}::text[]`).join(", ")}) ` +
  `on conflict ("${webhookEvents.provider.name}", "${webhookEvents.providerEventId.name}") do nothing ` +
  `returning "${webhookEvents.id.name}", "${webhookEvents.provider.name}", "${webhookEvents.providerEventId.name}", "${webhookEvents.status.name}"`;
type InsertedRow = [id: string, provider: Provider, providerEventId: string, status: WebhookEvent["status"]];

// SQLSTATE classes of a value the database refuses whatever its load: data exceptions (22: a NUL
// in text, an invalid encoding) and program limits (54: an index row too large). Another try
// fails the same way, so the event is refused, never answered 503 for its provider to retry.
const REFUSED_VALUE = /^(22|54)/;

function isRefusedValue(error: unknown): boolean {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === "string" && REFUSED_VALUE.test(code);
}

/**
 * Stores verified events once each, in one statement: unique on provider + provider event id, so a
 * redelivery (even within the same batch) finds the first row and changes nothing. Events of
 * types nobody handles are stored as `ignored`. Answers one result per item, in order: the stored
 * event, or the AppError that item met. A value the database refuses (`validation_failed`, 422)
 * fails only its own item: the batch is stored again one event at a time. Any other database
 * failure is `service_unavailable` (503) for every item, so the providers deliver again later.
 */
export async function storeWebhookEvents(
  db: Database,
  items: WebhookEventToStore[],
): Promise<(StoredWebhookEvent | AppError)[]> {
  try {
    return await insertWebhookEvents(db, items);
  } catch (error) {
    if (!isRefusedValue(error)) {
      const unavailable = new AppError("service_unavailable", "Could not store the webhook events", { cause: error });
      return items.map(() => unavailable);
    }
    if (items.length === 1) {
      return [
        new AppError("validation_failed", "The database refused the webhook event", {
          userMessage: "The event holds a value that cannot be stored.",
          cause: error,
        }),
      ];
    }
    // In order, one at a time: a redelivery within the batch then finds its first delivery's row.
    const results: (StoredWebhookEvent | AppError)[] = [];
    for (const item of items) results.push(...(await storeWebhookEvents(db, [item])));
    return results;
  }
}

async function insertWebhookEvents(
  db: Database,
  items: WebhookEventToStore[],
): Promise<(StoredWebhookEvent | AppError)[]> {
  const firsts = new Map(items.map((item) => [keyOf(item.provider, item.event.providerEventId), item]));
  const firstItems = [...firsts.values()];
  const { rows: inserted } = await db.$client.query<InsertedRow>({
    ...preparedQuery(db.$client, "insert_webhook_events", INSERT_EVENTS),
    values: [
      firstItems.map((item) => item.provider),
      firstItems.map((item) => item.event.providerEventId),
      firstItems.map((item) => item.event.type),
      firstItems.map((item) => item.event.environment),
      firstItems.map((item) => item.rawBody),
      firstItems.map((item) => (isHandledEventType(item.provider, item.event.type) ? "received" : "ignored")),
    ],
    rowMode: "array",
  });
  const rows = new Map<string, { id: string; status: WebhookEvent["status"] }>(
    inserted.map(([id, provider, providerEventId, status]) => [keyOf(provider, providerEventId), { id, status }]),
  );
  const fresh = new Set(rows.keys());
  const known = firstItems.filter((item) => !fresh.has(keyOf(item.provider, item.event.providerEventId)));
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
    // Deleted since the insert found it; or stored under another id than the one sent, which the
    // checks before storing exist to prevent. Either way, this event alone is not stored.
    if (!row) return new AppError("service_unavailable", "Webhook event vanished between insert and select");
    // Only the first caller of a new event learns that it was the one that inserted it.
    const first = fresh.delete(key);
    return { id: row.id, status: row.status, inserted: first };
  });
}

/** Stores one verified event; see `storeWebhookEvents`. Throws the AppError it met. */
export async function storeWebhookEvent(
  db: Database,
  provider: Provider,
  event: VerifiedWebhookEvent,
  rawBody: string,
): Promise<StoredWebhookEvent> {
  const [stored] = await storeWebhookEvents(db, [{ provider, event, rawBody }]);
  if (stored instanceof AppError) throw stored;
  return stored!;
}
