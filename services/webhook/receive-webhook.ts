import { getDb } from "@/db/client";
import type { Provider } from "@/db/schema";
import { createBatcher } from "@/lib/batch";
import { AppError } from "@/lib/errors";
import { getLogger } from "@/lib/logger";
import { getJobQueue } from "@/services/jobs/get-job-queue";
import { enqueueWebhookEvents } from "@/services/webhook/enqueue-webhook-event";
import { findStorageRefusal } from "@/services/webhook/find-storage-refusal";
import {
  storeWebhookEvents,
  type StoredWebhookEvent,
  type WebhookEventToStore,
} from "@/services/webhook/store-webhook-event";
import { verifyWebhook, type WebhookRequest } from "@/services/webhook/verify-webhook";

export type ReceivedWebhook = StoredWebhookEvent & { queued: boolean };

// Webhooks arriving together share one INSERT (one commit) and one queue round trip; alone, one
// waits only for the end of its event-loop turn. Each learns its own outcome: an event the
// database refuses fails alone, never the others stored with it.
const storing = createBatcher((items: WebhookEventToStore[]) => storeWebhookEvents(getDb(), items));
const queueing = createBatcher(async (eventIds: string[]) => {
  await enqueueWebhookEvents(getJobQueue(), eventIds);
  return eventIds.map(() => true);
});

/**
 * The webhook pipeline, the same for every provider: verify the signature over the raw body →
 * store the event once → queue its id → acknowledge. Nothing is parsed or stored before the
 * signature holds. A redelivery of an event not yet processed is queued again; one that is done
 * changes nothing. If the queue is down the event is still stored and acknowledged: the sweeper
 * queues it later. Throws `signature_invalid` / `unauthorized` (nothing stored),
 * `validation_failed` naming the field (a signed event the store cannot hold: an id or type too
 * long or holding control characters, a payload holding a NUL; nothing stored) or
 * `service_unavailable` (database down: the provider retries).
 */
export async function receiveWebhook(provider: Provider, request: WebhookRequest): Promise<ReceivedWebhook> {
  const event = await verifyWebhook(provider, request).catch((error: unknown) => {
    if (error instanceof AppError && (error.code === "signature_invalid" || error.code === "unauthorized")) {
      // A security event: which provider and why, never the payload.
      getLogger().warn({ provider, security: true, reason: error.message }, "webhook refused");
    }
    throw error;
  });
  const refusal = findStorageRefusal(provider, event, request.rawBody);
  if (refusal) {
    // Signed, so the provider's (or a leaked secret's) doing: which provider and what, never the value.
    getLogger().warn({ provider, field: refusal.field, reason: refusal.message }, "webhook refused: cannot be stored");
    throw refusal;
  }
  const stored = await storing.add({ provider, event, rawBody: request.rawBody });
  if (stored instanceof AppError) throw stored;
  let queued = false;
  if (stored.status === "received") {
    queued = await queueing.add(stored.id).catch((error: unknown) => {
      getLogger().warn({ provider, eventId: stored.id, err: error }, "webhook stored but not queued; the sweeper will");
      return false;
    });
  }
  getLogger().info(
    { provider, eventId: stored.id, type: event.type, status: stored.status, duplicate: !stored.inserted, queued },
    "webhook accepted",
  );
  return { ...stored, queued };
}
