import type { z } from "zod";
import { AppError, parseInput } from "@/lib/errors";

const MAX_BODY_BYTES = 16 * 1024;

const tooLarge = () =>
  new AppError("bad_request", "Body too large", { userMessage: `The request body exceeds ${MAX_BODY_BYTES} bytes.` });

/** The body's bytes, refusing more than the cap without buffering them. */
async function readCapped(request: Request): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  if (!request.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > MAX_BODY_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Reads a small JSON object body and validates it: 400 for a body that is too large or not JSON,
 * 422 naming the field for a bad shape (`body` when it is not an object at all).
 */
export async function readJsonBody<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  let body: unknown;
  try {
    body = JSON.parse(await readCapped(request));
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
  return parseInput(schema, body);
}
