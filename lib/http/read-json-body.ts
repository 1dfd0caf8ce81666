import type { z } from "zod";
import { AppError, parseInput } from "@/lib/errors";

const MAX_BODY_BYTES = 16 * 1024;

/** Reads a small JSON body and validates it: 400 for non-JSON, 422 naming the field for bad shape. */
export async function readJsonBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES)
    throw new AppError("bad_request", "Body too large", { userMessage: "The request body is too large." });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "Body is not JSON", { userMessage: "The request body must be JSON." });
  }
  return parseInput(schema, body);
}
