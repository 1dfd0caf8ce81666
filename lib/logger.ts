import pino, { type DestinationStream, type Logger } from "pino";
import { getEnv } from "@/lib/env";

// Secrets and credentials never reach a log line, however deep a caller nests them.
const REDACTED_PATHS = [
  "password",
  "secret",
  "token",
  "authorization",
  "*.password",
  "*.secret",
  "*.token",
  "*.authorization",
  "*.headers.authorization",
];

/** A structured JSON logger; use `.child({ provider, eventId })` for context. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, base: { service: "agencyos" }, redact: { paths: REDACTED_PATHS, remove: true } };
  return destination ? pino(options, destination) : pino(options);
}

let root: Logger | undefined;

/** The process's logger, at LOG_LEVEL. */
export function getLogger(): Logger {
  root ??= createLogger(getEnv().LOG_LEVEL);
  return root;
}
