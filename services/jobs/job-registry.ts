import type { JobDefinition } from "@/lib/queue";
import { processWebhookEventJob } from "@/services/webhook/jobs/process-webhook-event.job";
import { foldRevenueDeltasJob } from "@/services/revenue/jobs/fold-revenue-deltas.job";
import { sweepWebhookEventsJob } from "@/services/webhook/jobs/sweep-webhook-events.job";

/** Every job the system runs; BullMQ workers and the in-process queue both run from this list. */
export const JOBS: readonly JobDefinition[] = [
  processWebhookEventJob,
  sweepWebhookEventsJob,
  foldRevenueDeltasJob,
] as JobDefinition[];
