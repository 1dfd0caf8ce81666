import { z } from "zod";
import { getDb } from "@/db/client";
import { createBatcher, type Batcher } from "@/lib/batch";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/logger";
import { PermanentJobError, type JobDefinition } from "@/lib/queue";
import { PROCESS_WEBHOOK_EVENT } from "@/services/webhook/enqueue-webhook-event";
import { processWebhookEvents, type EventOutcome } from "@/services/webhook/process-webhook-events";
import { recordWebhookEventFailure } from "@/services/webhook/record-webhook-event-failure";

const ProcessWebhookEventSchema = z.object({ eventId: z.uuid() });

// The jobs running at once in this process share a transaction (group commit): a lone job waits
// 5 ms for company, and while one batch is applied the next gathers. Each statement costs far
// more than a row, so under load one commit of many events keeps provisioning ahead of payments.
let batcher: Batcher<string, EventOutcome> | undefined;
const batched = () =>
  (batcher ??= createBatcher((eventIds: string[]) => processWebhookEvents(getDb(), eventIds), {
    maxSize: getEnv().PROVISIONING_BATCH_SIZE,
    concurrency: 1,
    lingerMs: 5,
  }));

/** Processes one stored webhook event; every failed attempt is written on the event's row. */
export const processWebhookEventJob: JobDefinition<z.infer<typeof ProcessWebhookEventSchema>> = {
  name: PROCESS_WEBHOOK_EVENT,
  schema: ProcessWebhookEventSchema,
  async handle({ eventId }, { attempt, maxAttempts }) {
    const result = await batched()
      .add(eventId)
      .catch((error: unknown) => ({ ok: false as const, error }));
    if (result.ok) {
      // Done for good, but the owner has a decision to make (accept or refund): say so once.
      if (result.outcome === "held") getLogger().warn({ eventId }, "payment held: it does not pay the order it names");
      return;
    }
    const final = result.error instanceof PermanentJobError || attempt >= maxAttempts;
    await recordWebhookEventFailure(getDb(), eventId, result.error, final);
    throw result.error;
  },
};
