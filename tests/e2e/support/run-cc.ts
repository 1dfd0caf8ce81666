import { execFile } from "node:child_process";
import fs from "node:fs";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Runs `cc` against the database of the app under test, as its owner would on the server. */
export async function runCc(args: string[], options: { input?: string } = {}): Promise<string> {
  const info = JSON.parse(fs.readFileSync(process.env.E2E_SERVER_INFO!, "utf8")) as Record<string, string | undefined>;
  const env = {
    ...process.env,
    ...Object.fromEntries(Object.entries(info).filter(([, value]) => value !== undefined)),
  };
  const child = run(process.execPath, ["--import", "tsx", "cli/main.ts", ...args], { env, timeout: 60_000 });
  if (options.input !== undefined) {
    child.child.stdin?.end(options.input);
  }
  const { stdout } = await child;
  return stdout;
}

/** A fresh one-time setup token, from `cc auth setup-token`. */
export async function newSetupToken(): Promise<string> {
  const output = await runCc(["auth", "setup-token"]);
  const token = /token=([A-Za-z0-9_-]+)/.exec(output)?.[1];
  if (!token) throw new Error(`no setup token in: ${output}`);
  return token;
}
