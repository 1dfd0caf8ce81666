import { getDb } from "@/db/client";
import type { Provider } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { getLogger } from "@/lib/logger";
import { getJobQueue } from "@/services/jobs/get-job-queue";
import { enqueueWebhookEvent } from "@/services/webhook/enqueue-webhook-event";
import { storeWebhookEvent, type StoredWebhookEvent } from "@/services/webhook/store-webhook-event";
import { verifyWebhook, type WebhookRequest } from "@/services/webhook/verify-webhook";

export type ReceivedWebhook = StoredWebhookEvent & { queued: boolean };

/**
 * The webhook pipeline, the same for every provider: verify the signature over the raw body →
 * store the event once → queue its id → acknowledge. Nothing is parsed or stored before the
 * signature holds. A redelivery of an event not yet processed is queued again; one that is done
 * changes nothing. If the queue is down the event is still stored and acknowledged: the sweeper
 * queues it later. Throws `signature_invalid` / `unauthorized` (nothing stored) or
 * `service_unavailable` (database down: the provider retries).
 */
export async function receiveWebhook(provider: Provider, request: WebhookRequest): Promise<ReceivedWebhook> {
  const log = getLogger().child({ provider });
  let verified;
  try {
    verified = await verifyWebhook(provider, request);
  } catch (error) {
    if (error instanceof AppError && (error.code === "signature_invalid" || error.code === "unauthorized")) {
      // A security event: who and why, never the payload.
      log.warn({ security: true, reason: error.message }, "webhook refused");
    }
    throw error;
  }
  const stored = await storeWebhookEvent(getDb(), provider, verified, request.rawBody);
  let queued = false;
  if (stored.status === "received") {
    try {
      await enqueueWebhookEvent(getJobQueue(), stored.id);
      queued = true;
    } catch (error) {
      log.warn({ eventId: stored.id, err: error }, "webhook stored but not queued; the sweeper will queue it");
    }
  }
  log.info(
    { eventId: stored.id, type: verified.type, status: stored.status, duplicate: !stored.inserted },
    "webhook accepted",
  );
  return { ...stored, queued };
}
