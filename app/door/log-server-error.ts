import { ERROR_STATUS, type AppError } from "@/lib/errors";
import { getLogger } from "@/lib/logger";

export interface DoorContext {
  requestId: string;
  method?: string;
  path?: string;
  action?: string;
}

/**
 * Logs a failure that is ours (a 5xx) once, with the request id its answer carries, so a caller's
 * report finds the line; a 4xx is the caller's and is not logged here. Returns the status.
 */
export function logServerError(appError: AppError, context: DoorContext): number {
  const status = ERROR_STATUS[appError.code];
  if (status >= 500) {
    const level = appError.code === "internal" ? "error" : "warn";
    getLogger()[level]({ ...context, status, code: appError.code, err: appError.cause ?? appError }, appError.message);
  }
  return status;
}
