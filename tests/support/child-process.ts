import { spawn, type ChildProcess } from "node:child_process";

export interface RunningChild {
  process: ChildProcess;
  /** Resolves with the first line the child prints. */
  firstLine: Promise<string>;
  exit: Promise<number | null>;
}

/** Starts a TypeScript file of the project in a new Node process (through tsx). */
export function startTsChild(file: string, args: string[], env?: NodeJS.ProcessEnv): RunningChild {
  const child = spawn(process.execPath, ["--import", "tsx", file, ...args], {
    env: env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const firstLine = new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const newline = stdout.indexOf("\n");
      if (newline >= 0) resolve(stdout.slice(0, newline));
    });
    child.once("exit", (code) => reject(new Error(`child exited ${code} before printing: ${stderr}`)));
  });
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  firstLine.catch(() => undefined);
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { process: child, firstLine, exit };
}

/** Runs a TypeScript file to completion; rejects when it fails. */
export async function runTsChild(file: string, args: string[], env?: NodeJS.ProcessEnv): Promise<void> {
  const child = spawn(process.execPath, ["--import", "tsx", file, ...args], { env: env ?? process.env });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`${file} exited ${code}: ${stderr}`);
}
