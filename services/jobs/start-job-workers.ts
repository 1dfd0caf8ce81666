import type { Logger } from "pino";
import { closeDatabase } from "@/db/client";
import { createBullmqQueue, startBullmqWorker } from "@/lib/queue";
import { JOBS } from "@/services/jobs/job-registry";

export interface JobWorkersOptions {
  redisUrl: string;
  prefix: string;
  concurrency: number;
  backoffMs: number;
  lockMs: number;
  logger: Logger;
}

/**
 * Runs every registered job from Redis: schedules the repeating ones (idempotently) and runs each
 * of them once now, so what a crash left behind is picked up at start.
 */
export async function startJobWorkers({ redisUrl, prefix, concurrency, backoffMs, lockMs, logger }: JobWorkersOptions) {
  const queue = createBullmqQueue({ url: redisUrl, prefix, backoffMs });
  const worker = startBullmqWorker({ url: redisUrl, prefix, jobs: JOBS, queue, concurrency, lockMs, logger });
  await queue.upsertSchedules(JOBS);
  for (const job of JOBS) {
    if (job.everyMs !== undefined) await queue.enqueue(job.name, {}, { jobId: `${job.name}-start-${Date.now()}` });
  }
  return {
    worker: worker.worker,
    /** Stops taking jobs, lets running ones finish, disconnects from Redis and the database. */
    async close() {
      await worker.close();
      await queue.close();
      await closeDatabase();
    },
  };
}
