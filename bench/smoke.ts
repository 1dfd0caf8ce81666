/**
 * `npm run bench:smoke`: every benchmark's smoke mode (a few seconds of load, the same end-of-run
 * checks), then the canary: bench:webhooks made to lose events (`--drop-events`) must fail its
 * check and say how many it lost, or the checks have stopped checking. CI runs this on the build
 * the end-to-end tests made. Last line: one JSON object.
 */
import { spawn } from "node:child_process";
import { log } from "@/bench/support/bench-app";

const BENCHMARKS = ["licenses", "webhooks", "provisioning"] as const;
const CANARY_DROPS = 3;

interface Outcome {
  code: number | null;
  seconds: number;
  /** The run's last line, its figures. */
  figures: Record<string, unknown> | null;
}

/** Runs one benchmark as `npm run bench:<name>` would, its output passed through. */
function runBenchmark(name: string, args: string[]): Promise<Outcome> {
  const started = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", `bench/${name}.ts`, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    process.stdout.write(chunk);
  });
  return new Promise((resolve) =>
    child.once("exit", (code) => {
      const last = output.trim().split("\n").at(-1) ?? "";
      let figures: Record<string, unknown> | null = null;
      try {
        figures = JSON.parse(last) as Record<string, unknown>;
      } catch {
        figures = null;
      }
      resolve({ code, seconds: Math.round((performance.now() - started) / 1000), figures });
    }),
  );
}

async function main(): Promise<void> {
  const failures: string[] = [];
  const seconds: Record<string, number> = {};
  for (const name of BENCHMARKS) {
    log(`\n== bench:${name} --smoke`);
    const outcome = await runBenchmark(name, ["--smoke"]);
    seconds[name] = outcome.seconds;
    if (outcome.code !== 0) failures.push(`bench:${name} --smoke exited with ${outcome.code}`);
    else if (outcome.figures?.smoke !== true) failures.push(`bench:${name} --smoke did not end with its figures`);
  }

  log(`\n== canary: bench:webhooks --smoke --drop-events ${CANARY_DROPS} must fail`);
  const canary = await runBenchmark("webhooks", ["--smoke", "--drop-events", String(CANARY_DROPS)]);
  seconds.canary = canary.seconds;
  if (canary.code === 0) failures.push("bench:webhooks lost events and still passed");
  else if (canary.figures?.lost !== CANARY_DROPS) {
    failures.push(`bench:webhooks lost ${CANARY_DROPS} events but reported ${String(canary.figures?.lost)} lost`);
  }

  for (const failure of failures) process.stderr.write(`bench:smoke: ${failure}\n`);
  log(JSON.stringify({ passed: failures.length === 0, seconds, canary_lost: canary.figures?.lost ?? null }));
  if (failures.length > 0) process.exit(1);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:smoke failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
