import { spawn } from "node:child_process";
import readline from "node:readline";
import type { Pool } from "pg";
import { childProcessEnv } from "@/lib/env";

export interface BenchWorker {
  /** When the worker said it had started (performance.now()). */
  startedAt: number;
  stop(): Promise<void>;
}

/** Runs `npm run worker` with these variables; resolves once it has logged that it started. */
export async function startBenchWorker(env: Record<string, string>, concurrency: number): Promise<BenchWorker> {
  const worker = spawn(process.execPath, ["--import", "tsx", "workers/main.ts"], {
    stdio: ["ignore", "pipe", "inherit"],
    env: childProcessEnv({ ...env, LOG_LEVEL: "info", WORKER_CONCURRENCY: String(concurrency) }),
  });
  const lines = readline.createInterface({ input: worker.stdout! });
  await new Promise<void>((resolve, reject) => {
    lines.once("line", () => resolve());
    worker.once("exit", (code) => reject(new Error(`the worker exited with code ${code} before starting`)));
  });
  lines.on("line", () => undefined); // keeps the pipe flowing
  return {
    startedAt: performance.now(),
    async stop() {
      if (worker.exitCode !== null) return;
      worker.kill("SIGTERM");
      await new Promise((resolve) => worker.once("exit", resolve));
    },
  };
}

/**
 * Waits until no stored event is left `received` (processed, failed or ignored), polling every
 * 100 ms; returns how many events are stored.
 */
export async function waitUntilSettled(pool: Pool, timeoutMs = 600_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await pool.query<{ stored: number; waiting: number }>(
      "select count(*)::int as stored, count(*) filter (where status = 'received')::int as waiting from webhook_events",
    );
    const { stored, waiting } = rows[0]!;
    if (waiting === 0) return stored;
    if (Date.now() > deadline) throw new Error(`${waiting} events still waiting after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
