import type { Logger } from "pino";
import { findJob } from "@/lib/queue/find-job";
import { JOB_ATTEMPTS, PermanentJobError, retryDelayMs, type JobDefinition } from "@/lib/queue/job-definition";
import { assertValidJobId, type EnqueueOptions, type JobQueue } from "@/lib/queue/job-queue";

export interface InProcessQueueOptions {
  jobs: readonly JobDefinition[];
  logger: Logger;
  backoffMs: number;
}

export interface InProcessQueue extends JobQueue {
  readonly mode: "in-process";
  /** Runs each repeating job now and then on its interval. */
  startSchedules(): void;
  /** Resolves when no job is waiting, running or between retries. */
  idle(): Promise<void>;
}

/**
 * The embedded default's queue: jobs run in this process with the same handlers, retries and
 * backoff as under BullMQ. Nothing survives a restart, which is why every handler's source of
 * truth is the database and a sweep at start-up picks up what was left.
 */
export function createInProcessQueue({ jobs, logger, backoffMs }: InProcessQueueOptions): InProcessQueue {
  const held = new Set<string>();
  const running = new Set<Promise<void>>();
  const timers: NodeJS.Timeout[] = [];
  const stop = new AbortController();

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      stop.signal.addEventListener("abort", () => {
        clearTimeout(timer);
        resolve();
      });
    });

  async function run(name: string, data: unknown, jobId: string): Promise<void> {
    const log = logger.child({ job: name, jobId });
    try {
      const job = findJob(jobs, name, data);
      for (let attempt = 1; attempt <= JOB_ATTEMPTS && !stop.signal.aborted; attempt++) {
        const started = performance.now();
        try {
          await job.definition.handle(job.data, { attempt, maxAttempts: JOB_ATTEMPTS, queue });
          log.info({ attempt, ms: Math.round(performance.now() - started) }, "job completed");
          return;
        } catch (error) {
          const final = error instanceof PermanentJobError || attempt === JOB_ATTEMPTS;
          log.warn({ attempt, err: error, final }, "job failed");
          if (final) return;
          await pause(retryDelayMs(attempt, backoffMs));
        }
      }
    } catch (error) {
      log.error({ err: error }, "job refused");
    }
  }

  const queue: InProcessQueue = {
    mode: "in-process",
    async enqueue(name: string, data: unknown, { jobId }: EnqueueOptions) {
      assertValidJobId(jobId);
      if (stop.signal.aborted) throw new Error("The job queue is closed");
      if (held.has(jobId)) return;
      held.add(jobId);
      // Never inline: the caller (a webhook request) answers before the job starts.
      const task = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => run(name, data, jobId))
        .finally(() => {
          held.delete(jobId);
          running.delete(task);
        });
      running.add(task);
    },
    async enqueueMany(jobsToAdd) {
      for (const { name, data, jobId } of jobsToAdd) await queue.enqueue(name, data, { jobId });
    },
    startSchedules() {
      for (const job of jobs) {
        if (job.everyMs === undefined) continue;
        const enqueueNow = () => {
          queue.enqueue(job.name, {}, { jobId: `${job.name}-scheduled` }).catch(() => undefined);
        };
        enqueueNow();
        const timer = setInterval(enqueueNow, job.everyMs);
        timer.unref();
        timers.push(timer);
      }
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
    async close() {
      for (const timer of timers) clearInterval(timer);
      stop.abort();
      await queue.idle();
    },
  };
  return queue;
}
