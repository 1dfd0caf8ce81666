import { z } from "zod";
import { getDb } from "@/db/client";
import type { JobDefinition } from "@/lib/queue";
import { enqueueWebhookEvent } from "@/services/webhook/enqueue-webhook-event";
import { listStalledWebhookEvents } from "@/services/webhook/list-stalled-webhook-events";

const STALLED_AFTER_SECONDS = 60;
const BATCH = 500;
// The owner (or a test) may sweep sooner than the scheduled run would.
const SweepSchema = z.object({ olderThanSeconds: z.number().int().min(0).default(STALLED_AFTER_SECONDS) });

/**
 * Every minute, and when the workers start: queues again each event left `received` for over a
 * minute, so an accepted event is never lost. An event whose job the queue still holds (waiting
 * for a retry) is not queued twice: the job id is the event's.
 */
export const sweepWebhookEventsJob: JobDefinition<z.infer<typeof SweepSchema>> = {
  name: "sweep-webhook-events",
  schema: SweepSchema,
  everyMs: 60_000,
  async handle({ olderThanSeconds }, { queue }) {
    for (const eventId of await listStalledWebhookEvents(getDb(), olderThanSeconds, BATCH)) {
      await enqueueWebhookEvent(queue, eventId);
    }
  },
};
