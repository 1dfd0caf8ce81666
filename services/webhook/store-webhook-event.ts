import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { webhookEvents, type Provider, type WebhookEvent } from "@/db/schema";
import type { VerifiedWebhookEvent } from "@/gateways";
import { AppError } from "@/lib/errors";
import { isHandledEventType } from "@/services/webhook/handled-event-types";

export interface StoredWebhookEvent {
  id: string;
  status: WebhookEvent["status"];
  /** False when the provider had delivered this event before. */
  inserted: boolean;
}

/**
 * Stores a verified event once: unique on provider + provider event id, so a redelivery finds the
 * first row and changes nothing. Events of types nobody handles are stored as `ignored`. Any
 * database failure is a 503, so the provider delivers again later.
 */
export async function storeWebhookEvent(
  db: Database,
  provider: Provider,
  event: VerifiedWebhookEvent,
  rawBody: string,
): Promise<StoredWebhookEvent> {
  try {
    const [inserted] = await db
      .insert(webhookEvents)
      .values({
        provider,
        providerEventId: event.providerEventId,
        type: event.type,
        environment: event.environment,
        payload: rawBody,
        status: isHandledEventType(provider, event.type) ? "received" : "ignored",
      })
      .onConflictDoNothing({ target: [webhookEvents.provider, webhookEvents.providerEventId] })
      .returning({ id: webhookEvents.id, status: webhookEvents.status });
    if (inserted) return { ...inserted, inserted: true };
    const [existing] = await db
      .select({ id: webhookEvents.id, status: webhookEvents.status })
      .from(webhookEvents)
      .where(and(eq(webhookEvents.provider, provider), eq(webhookEvents.providerEventId, event.providerEventId)));
    if (!existing) throw new Error("Webhook event vanished between insert and select");
    return { ...existing, inserted: false };
  } catch (error) {
    throw new AppError("service_unavailable", "Could not store the webhook event", { cause: error });
  }
}
