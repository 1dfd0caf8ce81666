import type { Provider } from "@/db/schema";
import type { VerifiedWebhookEvent } from "@/gateways";
import { validationErrorFromZod, type AppError } from "@/lib/errors";
import {
  StorableWebhookEventSchema,
  WEBHOOK_PAYLOAD_ENCODINGS,
} from "@/services/webhook/storable-webhook-event.schema";

/**
 * Why the webhook store could not hold a verified event as sent, or null when it can: a
 * `validation_failed` AppError (422) naming the field at fault (`id`, `type` or `payload`) and
 * what is wrong with it, never the value. Refused before storing, such an event can neither fail
 * the others stored in its batch nor earn a 503 its provider would retry for days.
 */
export function findStorageRefusal(provider: Provider, event: VerifiedWebhookEvent, rawBody: string): AppError | null {
  const parsed = StorableWebhookEventSchema.safeParse({
    id: event.providerEventId,
    type: event.type,
    encoding: WEBHOOK_PAYLOAD_ENCODINGS[provider],
    payload: rawBody,
  });
  return parsed.success ? null : validationErrorFromZod(parsed.error);
}
