import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/logger";
import { createBullmqQueue, createInProcessQueue, type BullmqQueue, type InProcessQueue } from "@/lib/queue";
import { JOBS } from "@/services/jobs/job-registry";

let shared: BullmqQueue | InProcessQueue | undefined;

/**
 * The process's job queue: BullMQ on Redis when REDIS_URL is set (the worker process runs the
 * jobs), else the in-process queue running the same registry inside this process.
 */
export function getJobQueue(): BullmqQueue | InProcessQueue {
  if (!shared) {
    const env = getEnv();
    shared = env.REDIS_URL
      ? createBullmqQueue({ url: env.REDIS_URL, prefix: env.QUEUE_PREFIX, backoffMs: env.JOB_BACKOFF_MS })
      : createInProcessQueue({
          jobs: JOBS,
          backoffMs: env.JOB_BACKOFF_MS,
          logger: getLogger().child({ component: "jobs" }),
        });
  }
  return shared;
}

/** Closes the process's queue (shutdown, tests); in-process jobs finish first. */
export async function closeJobQueue(): Promise<void> {
  const current = shared;
  shared = undefined;
  await current?.close();
}
