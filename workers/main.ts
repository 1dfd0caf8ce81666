/**
 * `npm run worker`: runs the queued jobs (webhook processing, the sweeper) from Redis until
 * SIGTERM or SIGINT, then lets running jobs finish and exits. Without REDIS_URL the app runs its
 * jobs itself and no worker is needed.
 */
import { EnvError, getEnv } from "@/lib/env";
import { getLogger } from "@/lib/logger";
import { startJobWorkers } from "@/services/jobs";
import { openPreparedDatabase } from "@/services/setup";

async function main(): Promise<void> {
  const env = getEnv();
  if (!env.REDIS_URL) {
    throw new EnvError("npm run worker needs REDIS_URL; without it the app runs its jobs itself.");
  }
  const log = getLogger().child({ component: "worker" });
  // Migrated before any job runs, as the app does at start; jobs use the process's own pool.
  const database = await openPreparedDatabase(env);
  await database.connection.close();
  const workers = await startJobWorkers({ logger: log });
  log.info({ concurrency: env.WORKER_CONCURRENCY }, "worker started");
  await new Promise<void>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve());
  });
  log.info("worker stopping");
  await workers.close();
  await database.embedded?.stop();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    // Configuration problems are one line; anything unexpected keeps its stack.
    const message = error instanceof EnvError ? error.message : error instanceof Error ? error.stack : String(error);
    process.stderr.write(`${message}\n`);
    process.exit(1);
  },
);
