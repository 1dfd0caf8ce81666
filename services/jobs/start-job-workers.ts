import type { Logger } from "pino";
import { closeDatabase } from "@/db/client";
import { EnvError, getEnv } from "@/lib/env";
import { createBullmqQueue, startBullmqWorker } from "@/lib/queue";
import { JOBS } from "@/services/jobs/job-registry";

export interface JobWorkersOptions {
  logger: Logger;
  /** Jobs run at once; WORKER_CONCURRENCY by default. */
  concurrency?: number;
}

/**
 * Runs every registered job from Redis (REDIS_URL, QUEUE_PREFIX, WORKER_CONCURRENCY …): schedules the repeating ones (idempotently) and runs each
 * of them once now, so what a crash left behind is picked up at start.
 */
export async function startJobWorkers({ logger, concurrency }: JobWorkersOptions) {
  const env = getEnv();
  if (!env.REDIS_URL) throw new EnvError("Job workers need REDIS_URL; without it the app runs its jobs itself.");
  const redisUrl = env.REDIS_URL;
  const prefix = env.QUEUE_PREFIX;
  const backoffMs = env.JOB_BACKOFF_MS;
  const queue = createBullmqQueue({ url: redisUrl, prefix, backoffMs });
  const worker = startBullmqWorker({
    url: redisUrl,
    prefix,
    jobs: JOBS,
    queue,
    concurrency: concurrency ?? env.WORKER_CONCURRENCY,
    lockMs: env.JOB_LOCK_MS,
    logger,
  });
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
