import pino, { type Logger } from "pino";
import { getEnv } from "@/lib/env";

let root: Logger | undefined;

/** The process's structured logger; use `.child({ provider, eventId })` for context. */
export function getLogger(): Logger {
  root ??= pino({
    level: getEnv().LOG_LEVEL,
    base: { service: "agencyos" },
    redact: { paths: ["*.password", "*.secret", "*.token", "*.authorization"], remove: true },
  });
  return root;
}
