import type { Caller } from "@/app/door/caller";
import { logServerError, type DoorContext } from "@/app/door/log-server-error";
import { toAppError, toErrorBody } from "@/lib/errors";

/**
 * The answer to any failure at a route door: the status from the one table, the message for its
 * audience (the owner learns which setting to fix, anyone else what they can do), `Retry-After` on
 * every 429, the request id on every answer, and a 5xx logged once.
 */
export function respondWithError(error: unknown, context: DoorContext & { caller?: Caller }): Response {
  const { caller, ...logContext } = context;
  const appError = toAppError(error);
  const status = logServerError(appError, logContext);
  const { body } = toErrorBody(appError, caller?.kind === "owner" ? "owner" : "public");
  if (status >= 500) body.error.requestId = context.requestId;
  const headers = new Headers({ "x-request-id": context.requestId, "cache-control": "no-store" });
  const retryAfter = appError.details?.retryAfterSeconds;
  if (appError.code === "rate_limited")
    headers.set("retry-after", String(typeof retryAfter === "number" ? retryAfter : 60));
  return Response.json(body, { status, headers });
}
