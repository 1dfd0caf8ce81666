import { eq, sql } from "drizzle-orm";
import { anyOf } from "@/db/array-params";
import type { Database, Transaction } from "@/db/client";
import { webhookEvents } from "@/db/schema";
import { PermanentJobError } from "@/lib/queue";
import { applyProvisioningEvent, readProvisioningEvent } from "@/services/provisioning";

/** What processing reads of a stored event: its state, and what provisioning needs to read it. */
export const STORED_EVENT_COLUMNS = {
  id: webhookEvents.id,
  status: webhookEvents.status,
  provider: webhookEvents.provider,
  type: webhookEvents.type,
  environment: webhookEvents.environment,
  payload: webhookEvents.payload,
  receivedAt: webhookEvents.receivedAt,
};

/**
 * Processes one stored event, exactly once in effect. What the event means is read first, outside
 * any transaction (providers' objects may be re-fetched over the network); then, in one
 * transaction with the event's row locked, it is applied and the event marked processed, or
 * neither. An event that is no longer `received` (done by an earlier run, or ignored) is left
 * alone. Throws PermanentJobError for an id that names no event or an event that can never be
 * provisioned.
 */
export async function processWebhookEvent(db: Database, eventId: string): Promise<"processed" | "skipped"> {
  const [stored] = await db.select(STORED_EVENT_COLUMNS).from(webhookEvents).where(eq(webhookEvents.id, eventId));
  if (!stored) throw new PermanentJobError(`No webhook event ${eventId}`);
  if (stored.status !== "received") return "skipped";
  const meaning = await readProvisioningEvent(stored);

  return db.transaction(async (tx) => {
    const [event] = await tx
      .select({ status: webhookEvents.status })
      .from(webhookEvents)
      .where(eq(webhookEvents.id, eventId))
      .for("update");
    if (event?.status !== "received") return "skipped";
    await applyProvisioningEvent(tx, meaning, { provider: stored.provider, environment: stored.environment });
    await markProcessed(tx, [eventId]);
    return "processed";
  });
}

/** Marks applied events processed, in the transaction that applied them. */
export async function markProcessed(tx: Transaction, eventIds: string[]): Promise<void> {
  await tx
    .update(webhookEvents)
    .set({
      status: "processed",
      attempts: sql`${webhookEvents.attempts} + 1`,
      lastError: null,
      processedAt: sql`clock_timestamp()`, // when it was applied, not when its transaction began
    })
    .where(anyOf(webhookEvents.id, eventIds));
}
