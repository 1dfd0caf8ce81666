export { createBullmqQueue, type BullmqQueue } from "@/lib/queue/bullmq-queue";
export { startBullmqWorker } from "@/lib/queue/bullmq-worker";
export { createInProcessQueue, type InProcessQueue } from "@/lib/queue/in-process-queue";
export { JOB_ATTEMPTS, PermanentJobError, type JobContext, type JobDefinition } from "@/lib/queue/job-definition";
export type { EnqueueOptions, JobQueue, JobToEnqueue } from "@/lib/queue/job-queue";
export { getQueueMode, type QueueMode } from "@/lib/queue/queue-mode";
