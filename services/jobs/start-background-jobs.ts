import { getJobQueue } from "@/services/jobs/get-job-queue";

/**
 * Called once when the app starts. In the embedded default the app is its own worker: repeating
 * jobs (the webhook sweeper) run here, first at once, so what a crash left behind is picked up.
 * With Redis the worker process does this.
 */
export function startBackgroundJobs(): void {
  const queue = getJobQueue();
  if (queue.mode === "in-process") queue.startSchedules();
}
