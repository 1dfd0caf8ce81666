import { z } from "zod";
import { getDb } from "@/db/client";
import { PermanentJobError, type JobDefinition } from "@/lib/queue";
import { PROCESS_WEBHOOK_EVENT } from "@/services/webhook/enqueue-webhook-event";
import { processWebhookEvent } from "@/services/webhook/process-webhook-event";
import { recordWebhookEventFailure } from "@/services/webhook/record-webhook-event-failure";

const ProcessWebhookEventSchema = z.object({ eventId: z.uuid() });

/** Processes one stored webhook event; every failed attempt is written on the event's row. */
export const processWebhookEventJob: JobDefinition<z.infer<typeof ProcessWebhookEventSchema>> = {
  name: PROCESS_WEBHOOK_EVENT,
  schema: ProcessWebhookEventSchema,
  async handle({ eventId }, { attempt, maxAttempts }) {
    const db = getDb();
    try {
      await processWebhookEvent(db, eventId);
    } catch (error) {
      const final = error instanceof PermanentJobError || attempt >= maxAttempts;
      await recordWebhookEventFailure(db, eventId, error, final);
      throw error;
    }
  },
};
