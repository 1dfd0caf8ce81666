import type { JobQueue } from "@/lib/queue";

export const PROCESS_WEBHOOK_EVENT = "process-webhook-event";

/** One job id per event, so the queue holds at most one job for it at a time. */
export function webhookEventJobId(eventId: string): string {
  return `webhook-event-${eventId}`;
}

export function enqueueWebhookEvent(queue: JobQueue, eventId: string): Promise<void> {
  return queue.enqueue(PROCESS_WEBHOOK_EVENT, { eventId }, { jobId: webhookEventJobId(eventId) });
}

/** Queues several events in one round trip. */
export function enqueueWebhookEvents(queue: JobQueue, eventIds: string[]): Promise<void> {
  return queue.enqueueMany(
    eventIds.map((eventId) => ({ name: PROCESS_WEBHOOK_EVENT, data: { eventId }, jobId: webhookEventJobId(eventId) })),
  );
}
