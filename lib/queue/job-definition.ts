import type { z } from "zod";
import type { JobQueue } from "@/lib/queue/job-queue";

export interface JobContext {
  /** 1 for the first run, counting retries. */
  attempt: number;
  maxAttempts: number;
  /** The queue the job came from, for jobs that enqueue others (the sweeper). */
  queue: JobQueue;
}

/**
 * A kind of job: its name, the schema of its data (ids only, never secrets or personal data) and
 * its handler, which must be idempotent: a job may run again after a crash or a retry. `everyMs`
 * makes it a repeating job, also run once when the workers start.
 */
export interface JobDefinition<T = unknown> {
  name: string;
  schema: z.ZodType<T>;
  handle(data: T, context: JobContext): Promise<void>;
  everyMs?: number;
}

/** A failure no retry can mend (the job's data names nothing that exists): never retried. */
export class PermanentJobError extends Error {
  override readonly name = "PermanentJobError";
}

export const JOB_ATTEMPTS = 5;

/** The wait before retry `attempt + 1`: `base`, then doubling. */
export function retryDelayMs(attempt: number, baseMs: number): number {
  return baseMs * 2 ** (attempt - 1);
}
