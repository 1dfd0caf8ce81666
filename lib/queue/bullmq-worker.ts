import { UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";
import type { Logger } from "pino";
import { QUEUE_NAME, type BullmqQueue } from "@/lib/queue/bullmq-queue";
import { findJob } from "@/lib/queue/find-job";
import { JOB_ATTEMPTS, PermanentJobError, type JobDefinition } from "@/lib/queue/job-definition";

export interface BullmqWorkerOptions {
  url: string;
  prefix: string;
  jobs: readonly JobDefinition[];
  /** Where the sweeper and other jobs enqueue follow-up work. */
  queue: BullmqQueue;
  concurrency: number;
  /**
   * How long a job stays claimed without its worker renewing the claim; a job whose worker died
   * goes back to the queue within about twice this.
   */
  lockMs: number;
  logger: Logger;
}

/**
 * Runs the registry's jobs from Redis. A PermanentJobError becomes BullMQ's UnrecoverableError so
 * the job is not retried. A failed job is logged at warn, a completed one at debug.
 */
export function startBullmqWorker({ url, prefix, jobs, queue, concurrency, lockMs, logger }: BullmqWorkerOptions) {
  // Workers block on Redis; BullMQ requires them to retry their commands indefinitely.
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  connection.on("error", () => undefined);
  const worker = new Worker(
    QUEUE_NAME,
    async (job) => {
      try {
        const { definition, data } = findJob(jobs, job.name, job.data);
        const maxAttempts = job.opts.attempts ?? JOB_ATTEMPTS;
        await definition.handle(data, { attempt: job.attemptsMade + 1, maxAttempts, queue });
      } catch (error) {
        if (error instanceof PermanentJobError) throw new UnrecoverableError(error.message);
        throw error;
      }
    },
    { connection, prefix, concurrency, lockDuration: lockMs, stalledInterval: lockMs },
  );
  // A line per completed job is for debugging: at a thousand jobs a second it would cost a write each.
  worker.on("completed", (job) => {
    logger.debug(
      { job: job.name, jobId: job.id, attempt: job.attemptsMade, ms: msSince(job.processedOn) },
      "job completed",
    );
  });
  worker.on("failed", (job, error) => {
    logger.warn({ job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, err: error }, "job failed");
  });
  worker.on("error", (error) => logger.error({ err: error }, "worker error"));
  return {
    worker,
    /** Lets running jobs finish, then disconnects. */
    async close() {
      await worker.close();
      connection.disconnect();
    },
  };
}

function msSince(start: number | undefined): number | undefined {
  return start === undefined ? undefined : Date.now() - start;
}
