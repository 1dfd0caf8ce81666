import { ZodError } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { ERROR_STATUS } from "@/lib/errors/error-status";
import { validationErrorFromZod } from "@/lib/errors/validation-error";

export interface ErrorBody {
  error: { code: string; message: string; field?: string; requestId?: string };
}

/** Who reads an error: the owner is told how to fix the setup, anyone else only what they can do. */
export type ErrorAudience = "public" | "owner";

/** Normalises anything thrown into an AppError; unknown errors become `internal`. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) return validationErrorFromZod(error);
  const message = error instanceof Error ? error.message : String(error);
  return new AppError("internal", message, { cause: error });
}

/** Status and body for an error; the body never carries internal messages. */
export function toErrorBody(error: unknown, audience: ErrorAudience = "public"): { status: number; body: ErrorBody } {
  const appError = toAppError(error);
  const message = audience === "owner" ? appError.ownerMessage : appError.userMessage;
  const body: ErrorBody = { error: { code: appError.publicCode, message } };
  if (appError.field) body.error.field = appError.field;
  return { status: ERROR_STATUS[appError.code], body };
}

/** A JSON Response for an error, for route handlers. */
export function errorResponse(error: unknown, headers?: HeadersInit, audience: ErrorAudience = "public"): Response {
  const { status, body } = toErrorBody(error, audience);
  return Response.json(body, { status, headers });
}
