import type { QueueMode } from "@/lib/queue/queue-mode";

export interface JobToEnqueue {
  name: string;
  data: unknown;
  jobId: string;
}

export interface EnqueueOptions {
  /** Deterministic id: a job whose id the queue still holds is not added again. */
  jobId: string;
}

/** Where jobs go: BullMQ on Redis, or the in-process queue of the embedded default. */
export interface JobQueue {
  readonly mode: QueueMode;
  /** Adds a job; resolves once the queue has it, rejects quickly when the queue is unreachable. */
  enqueue(name: string, data: unknown, options: EnqueueOptions): Promise<void>;
  /** Adds several jobs in one round trip; the same rules as `enqueue` for each. */
  enqueueMany(jobs: JobToEnqueue[]): Promise<void>;
  close(): Promise<void>;
}

// BullMQ keys jobs as `prefix:queue:id`, and reads a plain integer as one of its own counters.
const JOB_ID = /^(?!\d+$)[^:]+$/;

export function assertValidJobId(jobId: string): void {
  if (!JOB_ID.test(jobId)) throw new Error(`Invalid job id "${jobId}": no ":" and not a plain integer`);
}
