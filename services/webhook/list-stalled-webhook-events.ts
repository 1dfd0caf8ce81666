import { and, asc, eq, lt, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { webhookEvents } from "@/db/schema";

/**
 * Ids of events still `received` after `olderThanSeconds`: their job was never queued (Redis was
 * down) or was lost with a worker. Oldest first.
 */
export async function listStalledWebhookEvents(db: Database, olderThanSeconds: number, limit: number) {
  const rows = await db
    .select({ id: webhookEvents.id })
    .from(webhookEvents)
    .where(
      and(
        eq(webhookEvents.status, "received"),
        lt(webhookEvents.receivedAt, sql`now() - make_interval(secs => ${olderThanSeconds})`),
      ),
    )
    .orderBy(asc(webhookEvents.receivedAt))
    .limit(limit);
  return rows.map((row) => row.id);
}
