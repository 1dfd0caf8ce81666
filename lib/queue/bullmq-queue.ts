import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { JOB_ATTEMPTS, type JobDefinition } from "@/lib/queue/job-definition";
import { assertValidJobId, type EnqueueOptions, type JobQueue } from "@/lib/queue/job-queue";

export const QUEUE_NAME = "jobs";

export interface BullmqQueueOptions {
  url: string;
  prefix: string;
  backoffMs: number;
  /** How long an enqueue may take before it counts as failed. */
  timeoutMs?: number;
}

export interface BullmqQueue extends JobQueue {
  readonly mode: "bullmq";
  /** Registers each repeating job's schedule with Redis (idempotent: one schedule per job). */
  upsertSchedules(jobs: readonly JobDefinition[]): Promise<void>;
}

/**
 * The producer side of BullMQ. Its connection has no offline queue, so while Redis is away an
 * enqueue fails at once instead of holding the caller (a webhook request) until Redis returns.
 * Completed and failed jobs are removed, so a later enqueue of the same id is accepted again
 * (the database, not Redis, remembers what was done).
 */
export function createBullmqQueue({ url, prefix, backoffMs, timeoutMs = 2_000 }: BullmqQueueOptions): BullmqQueue {
  const connection = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  connection.on("error", () => undefined);
  const queue = new Queue(QUEUE_NAME, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: JOB_ATTEMPTS,
      backoff: { type: "exponential", delay: backoffMs },
      removeOnComplete: true,
      removeOnFail: true,
    },
  });
  queue.on("error", () => undefined);

  const withTimeout = <T>(work: Promise<T>): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`The job queue did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  };

  return {
    mode: "bullmq",
    async enqueue(name: string, data: unknown, { jobId }: EnqueueOptions) {
      assertValidJobId(jobId);
      await withTimeout(queue.add(name, data, { jobId }));
    },
    async enqueueMany(jobs) {
      for (const job of jobs) assertValidJobId(job.jobId);
      await withTimeout(queue.addBulk(jobs.map(({ name, data, jobId }) => ({ name, data, opts: { jobId } }))));
    },
    async upsertSchedules(jobs) {
      for (const job of jobs) {
        if (job.everyMs === undefined) continue;
        await queue.upsertJobScheduler(job.name, { every: job.everyMs }, { name: job.name, data: {} });
      }
    },
    async close() {
      await queue.close();
      connection.disconnect();
    },
  };
}
