import { and, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { webhookEvents } from "@/db/schema";

const MAX_ERROR_LENGTH = 1_000;

/**
 * Counts a failed attempt and keeps its reason; the last attempt (or a failure no retry can mend)
 * marks the event `failed`, which the sweeper leaves alone. Only a `received` event changes.
 */
export async function recordWebhookEventFailure(
  db: Database,
  eventId: string,
  error: unknown,
  final: boolean,
): Promise<void> {
  const reason = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
  await db
    .update(webhookEvents)
    .set({
      attempts: sql`${webhookEvents.attempts} + 1`,
      lastError: reason,
      ...(final ? { status: "failed" as const } : {}),
    })
    .where(and(eq(webhookEvents.id, eventId), eq(webhookEvents.status, "received")));
}
