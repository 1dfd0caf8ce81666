import { and, eq } from "drizzle-orm";
import { anyOf } from "@/db/array-params";
import type { Database } from "@/db/client";
import { webhookEvents } from "@/db/schema";
import { allSettledLimited } from "@/lib/concurrency";
import { applyProvisioningEvents, readProvisioningEvent, type ReadEvent } from "@/services/provisioning";
import {
  markHeld,
  markProcessed,
  processWebhookEvent,
  STORED_EVENT_COLUMNS,
  type ProcessedOutcome,
} from "@/services/webhook/process-webhook-event";

// Reading an event may ask its provider for the object it names: a full batch must not ask a
// hundred things at once of an API that limits how fast it is asked.
const PROVIDER_READS_AT_ONCE = 8;

export type EventOutcome = { ok: true; outcome: ProcessedOutcome } | { ok: false; error: unknown };

/**
 * Processes many stored events as `processWebhookEvent` does one, in one transaction when all goes
 * well: under load one commit then serves many events. Anything that does not go well (an event
 * that cannot be read, a batch that fails to apply) falls back to one event at a time, so a bad
 * event fails alone, with its own error. Returns one outcome per id, in order.
 */
export async function processWebhookEvents(db: Database, eventIds: string[]): Promise<EventOutcome[]> {
  const outcomes = new Map<string, EventOutcome>();
  const stored = await db.select(STORED_EVENT_COLUMNS).from(webhookEvents).where(anyOf(webhookEvents.id, eventIds));
  for (const event of stored) if (event.status !== "received") outcomes.set(event.id, { ok: true, outcome: "skipped" });

  const received = stored.filter((event) => event.status === "received");
  const read = await allSettledLimited(received, PROVIDER_READS_AT_ONCE, readProvisioningEvent);
  const readable = new Map<string, ReadEvent>();
  read.forEach((result, index) => {
    const { id, provider, environment } = received[index]!;
    if (result.status === "fulfilled")
      readable.set(id, { id, event: result.value, context: { provider, environment } });
  });

  if (readable.size > 0) {
    try {
      const { locked, mismatches, failures } = await applyTogether(db, readable);
      for (const id of readable.keys()) {
        if (failures.has(id)) outcomes.set(id, { ok: false, error: failures.get(id) });
        else
          outcomes.set(id, {
            ok: true,
            outcome: mismatches.has(id) ? "held" : locked.has(id) ? "processed" : "skipped",
          });
      }
    } catch {
      // Retried below one at a time, where each event meets its own outcome.
    }
  }
  for (const id of eventIds) {
    if (outcomes.has(id)) continue;
    try {
      outcomes.set(id, { ok: true, outcome: await processWebhookEvent(db, id) });
    } catch (error) {
      outcomes.set(id, { ok: false, error });
    }
  }
  return eventIds.map((id) => outcomes.get(id)!);
}

/**
 * Locks the events (in id order), applies those still `received`, marks processed those that
 * applied and failed those whose payments were held; answers which it locked, which were held and
 * which failed on their own.
 */
async function applyTogether(db: Database, readable: Map<string, ReadEvent>) {
  return db.transaction(async (tx) => {
    const locked = await tx
      .select({ id: webhookEvents.id })
      .from(webhookEvents)
      .where(and(anyOf(webhookEvents.id, [...readable.keys()]), eq(webhookEvents.status, "received")))
      .orderBy(webhookEvents.id)
      .for("update");
    const lockedIds = new Set(locked.map((row) => row.id));
    const { mismatches, failures } = await applyProvisioningEvents(
      tx,
      [...readable.values()].filter((event) => lockedIds.has(event.id)),
    );
    const applied = [...lockedIds].filter((id) => !failures.has(id) && !mismatches.has(id));
    if (applied.length > 0) await markProcessed(tx, applied);
    if (mismatches.size > 0) await markHeld(tx, mismatches);
    return { locked: lockedIds, mismatches, failures };
  });
}
