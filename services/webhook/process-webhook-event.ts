import { eq, sql } from "drizzle-orm";
import { anyOf, arrayOf } from "@/db/array-params";
import type { Database, Transaction } from "@/db/client";
import { webhookEvents } from "@/db/schema";
import { PermanentJobError } from "@/lib/queue";
import { applyProvisioningEvent, readProvisioningEvent, type Mismatch } from "@/services/provisioning";

/** What processing an event came to: applied, left alone (done before, or ignored), or its payment held for the owner. */
export type ProcessedOutcome = "processed" | "skipped" | "held";

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
 * alone. A payment that does not pay the order it names is recorded and held for the owner, and
 * its event marked `failed` with the reason, for good (`held`). Throws PermanentJobError for an id
 * that names no event or an event that can never be provisioned.
 */
export async function processWebhookEvent(db: Database, eventId: string): Promise<ProcessedOutcome> {
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
    const context = { provider: stored.provider, environment: stored.environment };
    const mismatch = await applyProvisioningEvent(tx, { id: eventId, event: meaning, context });
    if (mismatch) {
      await markHeld(tx, new Map([[eventId, mismatch]]));
      return "held";
    }
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

/**
 * Marks events whose payments were held `failed` with the reason, in the transaction that held
 * them: no retry can make a payment match its order; the owner decides instead.
 */
export async function markHeld(tx: Transaction, held: Map<string, Mismatch>): Promise<void> {
  const entries = [...held];
  await tx.execute(sql`
    update ${webhookEvents}
       set status = 'failed', attempts = attempts + 1, last_error = held.detail, processed_at = clock_timestamp()
      from unnest(${arrayOf(entries, ([id]) => id, "uuid")}, ${arrayOf(entries, ([, mismatch]) => mismatch.detail, "text")})
           as held(event_id, detail)
     where ${webhookEvents.id} = held.event_id`);
}
