/** Every failure the system expects has a code; the HTTP status for each lives in `error-status.ts`. */
export type ErrorCode =
  | "validation_failed"
  | "bad_request"
  | "unsupported_media_type"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "refused"
  | "rate_limited"
  | "signature_invalid"
  | "gateway_error"
  | "service_unavailable"
  | "internal";

export interface AppErrorOptions {
  /** The code clients see when a domain has its own stable codes (`activation_limit_reached`). */
  publicCode?: string;
  /** Safe to show anyone; defaults to a generic sentence for the code. */
  userMessage?: string;
  /**
   * What the owner (and only the owner) is told instead: which setting to change, which catalog
   * field is missing. Anonymous callers learn what they can do, never how the system is set up.
   */
  ownerMessage?: string;
  /** The input field at fault, as a dotted path (`customer.email`). */
  field?: string;
  details?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * The one error type of the system. `message` is for logs and may hold internals; `userMessage` is
 * the only text that reaches an anonymous client, `ownerMessage` the only one that reaches the owner.
 */
export class AppError extends Error {
  override readonly name = "AppError";
  readonly code: ErrorCode;
  readonly publicCode: string;
  readonly userMessage: string;
  readonly ownerMessage: string;
  readonly field: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.publicCode = options.publicCode ?? code;
    this.userMessage = options.userMessage ?? DEFAULT_USER_MESSAGES[code];
    this.ownerMessage = options.ownerMessage ?? this.userMessage;
    this.field = options.field;
    this.details = options.details;
  }
}

const DEFAULT_USER_MESSAGES: Record<ErrorCode, string> = {
  validation_failed: "The request is invalid.",
  bad_request: "The request could not be understood.",
  unsupported_media_type: "The request body must be JSON: send Content-Type: application/json.",
  unauthorized: "Authentication is required.",
  forbidden: "You are not allowed to do this.",
  not_found: "Not found.",
  conflict: "The request conflicts with the current state.",
  refused: "The request was refused.",
  rate_limited: "Too many requests; try again later.",
  signature_invalid: "The signature could not be verified.",
  gateway_error: "The payment provider could not complete the request.",
  service_unavailable: "The service is temporarily unavailable; try again shortly.",
  internal: "Something went wrong on our side.",
};

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
