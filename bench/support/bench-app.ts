import { spawn, type ChildProcess } from "node:child_process";
import os from "node:os";
import autocannon from "autocannon";
import { childProcessEnv } from "@/lib/env";

/** Shared pieces of the `npm run bench:*` benchmarks: the app under test, load, and figures. */

export function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

export function describeMachine(): string {
  const cpus = os.cpus();
  return `machine: ${cpus.length} × ${cpus[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}; the load generator shares it`;
}

export interface BenchApp {
  base: string;
  stop(): Promise<void>;
}

/** Runs `npm start` (building if needed) on `port` with these variables, until it answers /api/health. */
export async function startBenchApp(port: number, env: Record<string, string | undefined>): Promise<BenchApp> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: childProcessEnv({ ...env, PORT: String(port), LOG_LEVEL: "warn" }),
  });
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
  };
  const deadline = Date.now() + 600_000;
  for (;;) {
    const ok = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { base, stop };
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error("the app did not become healthy");
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  sent: number;
}

/** One autocannon run; any non-2xx, error or timeout fails the benchmark. */
export async function runLoad(title: string, options: autocannon.Options): Promise<LoadResult> {
  const result = await autocannon(options);
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0) throw new Error(`${title}: ${failed} failed requests`);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    sent: result.requests.total,
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return sorted.length % 2 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
