/**
 * The app as the end-to-end tests see it: `npm start` on a database of its own (a scratch
 * database beside DATABASE_URL, or a fresh embedded data directory), removed when it stops. With
 * REDIS_URL, `npm run worker` runs beside it on a queue prefix of its own, as in production.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createScratchDatabase } from "@/db/scratch-database";

const baseUrl = process.env.DATABASE_URL || undefined;
const scratch = baseUrl ? await createScratchDatabase(baseUrl, "agencyos_e2e") : undefined;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "agy-e2e-"));
const env = {
  ...process.env,
  DATA_DIR: dataDir,
  QUEUE_PREFIX: `e2e-${randomBytes(4).toString("hex")}`,
  ...(scratch ? { DATABASE_URL: scratch.url } : {}),
};

// What a test needs to run `cc` against this server's database (tests/e2e/support/run-cc.ts).
const info = process.env.E2E_SERVER_INFO;
if (info) {
  const { DATA_DIR, DATABASE_URL, QUEUE_PREFIX } = env;
  fs.writeFileSync(info, JSON.stringify({ DATA_DIR, DATABASE_URL, QUEUE_PREFIX }));
}

const run = (script: string) => spawn(process.execPath, ["--import", "tsx", script], { stdio: "inherit", env });
const app = run("scripts/start.ts");
const worker: ChildProcess | undefined = process.env.REDIS_URL ? run("workers/main.ts") : undefined;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    app.kill(signal);
    worker?.kill(signal);
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number>((resolve) => child.once("exit", (code) => resolve(code ?? 0)));
const code = await exited(app);
if (worker && worker.exitCode === null) {
  worker.kill("SIGTERM");
  await exited(worker);
}
await scratch?.drop();
if (info) fs.rmSync(info, { force: true });
fs.rmSync(dataDir, { recursive: true, force: true });
process.exit(code);
