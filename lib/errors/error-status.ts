import type { ErrorCode } from "@/lib/errors/app-error";

/** The one table from error code to HTTP status. */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  validation_failed: 422,
  bad_request: 400,
  unsupported_media_type: 415,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  refused: 409,
  rate_limited: 429,
  signature_invalid: 400,
  gateway_error: 502,
  service_unavailable: 503,
  internal: 500,
};
