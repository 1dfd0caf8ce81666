import { DataDirInUseError } from "@/services/setup";
import { EnvError } from "@/lib/env";
import { isAppError } from "@/lib/errors";

/** Runs a one-shot script: prints its result, or one line for an expected failure, and exits. */
export async function runScript(task: () => Promise<string>): Promise<never> {
  try {
    process.stdout.write(`${await task()}\n`);
    process.exit(0);
  } catch (error) {
    process.stderr.write(`${describeFailure(error)}\n`);
    process.exit(1);
  }
}

/** Configuration and input problems are one line for the user; anything else keeps its stack. */
export function describeFailure(error: unknown): string {
  if (error instanceof EnvError || error instanceof DataDirInUseError) return error.message;
  if (isAppError(error)) return error.userMessage;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
