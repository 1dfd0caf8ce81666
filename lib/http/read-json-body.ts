import type { z } from "zod";
import { AppError, parseInput } from "@/lib/errors";
import { findUnsafeText } from "@/lib/http/find-unsafe-text";
import { readTextBody } from "@/lib/http/read-text-body";

const MAX_BODY_BYTES = 16 * 1024;
// application/json or a JSON-based type (application/merge-patch+json), with any parameters.
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

/**
 * Reads a small JSON object body and validates it: 415 unless it is declared JSON (a browser sends
 * that type cross-site only after a CORS preflight we never grant, so another site cannot make its
 * visitors call us), 400 for a body that is too large or not JSON,
 * 422 naming the field for a bad shape (`body` when it is not an object at all) or for a string
 * holding a control character, which no field of ours takes and PostgreSQL will not store.
 */
export async function readJsonBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  if (!JSON_MEDIA_TYPE.test(request.headers.get("content-type") ?? "")) {
    throw new AppError("unsupported_media_type", "Body not declared as JSON");
  }
  let body: unknown;
  try {
    body = JSON.parse(await readTextBody(request, MAX_BODY_BYTES));
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("bad_request", "Body is not JSON", { userMessage: "The request body must be JSON." });
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new AppError("validation_failed", "Body is not an object", {
      field: "body",
      userMessage: "body: must be a JSON object",
    });
  }
  refuseUnsafeText(body);
  return parseInput(schema, body);
}

/** Throws `validation_failed` naming the first field whose text holds a control character or broken Unicode. */
export function refuseUnsafeText(value: unknown): void {
  const field = findUnsafeText(value);
  if (field === null) return;
  throw new AppError("validation_failed", `${field} holds a control character or broken Unicode`, {
    field,
    userMessage: `${field}: must not contain control characters`,
  });
}
