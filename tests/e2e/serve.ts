/**
 * The app as the end-to-end tests see it: `npm start` on a database of its own (a scratch
 * database beside DATABASE_URL, or a fresh embedded data directory), removed when it stops.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createScratchDatabase } from "@/db/scratch-database";

const baseUrl = process.env.DATABASE_URL || undefined;
const scratch = baseUrl ? await createScratchDatabase(baseUrl, "agencyos_e2e") : undefined;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "agy-e2e-"));

const app = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
  stdio: "inherit",
  env: { ...process.env, DATA_DIR: dataDir, ...(scratch ? { DATABASE_URL: scratch.url } : {}) },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => app.kill(signal));

const code = await new Promise<number>((resolve) => app.once("exit", (exitCode) => resolve(exitCode ?? 0)));
await scratch?.drop();
fs.rmSync(dataDir, { recursive: true, force: true });
process.exit(code);
