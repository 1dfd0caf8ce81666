import { eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { webhookEvents } from "@/db/schema";
import { PermanentJobError } from "@/lib/queue";
import { provisionEvent } from "@/services/provisioning";

/**
 * Processes one stored event, exactly once in effect: the row is locked for the transaction, and
 * an event that is no longer `received` (done by an earlier run, or ignored) is left alone.
 * Provisioning does its work inside this transaction, so the event is provisioned and marked
 * processed together, or neither. Throws PermanentJobError for an id that names no event or an
 * event that can never be provisioned.
 */
export async function processWebhookEvent(db: Database, eventId: string): Promise<"processed" | "skipped"> {
  return db.transaction(async (tx) => {
    const [event] = await tx
      .select({
        status: webhookEvents.status,
        provider: webhookEvents.provider,
        type: webhookEvents.type,
        environment: webhookEvents.environment,
        payload: webhookEvents.payload,
      })
      .from(webhookEvents)
      .where(eq(webhookEvents.id, eventId))
      .for("update");
    if (!event) throw new PermanentJobError(`No webhook event ${eventId}`);
    if (event.status !== "received") return "skipped";
    await provisionEvent(tx, event);
    await tx
      .update(webhookEvents)
      .set({
        status: "processed",
        attempts: sql`${webhookEvents.attempts} + 1`,
        lastError: null,
        processedAt: sql`now()`,
      })
      .where(eq(webhookEvents.id, eventId));
    return "processed";
  });
}
