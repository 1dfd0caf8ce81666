import type { z } from "zod";
import { AppError } from "@/lib/errors";

/** What a provider's verified webhook tells the system before anything else reads it. */
export interface VerifiedWebhookEvent {
  providerEventId: string;
  type: string;
  environment: "live" | "test";
}

/**
 * A refused signature. `reason` goes to the security log; the caller only learns that the
 * signature could not be verified.
 */
export function signatureRefused(reason: string): AppError {
  return new AppError("signature_invalid", reason);
}

/** Reads a body whose signature has been verified; a shape other than `schema` is refused too. */
export function readSignedJson<T>(rawBody: string, schema: z.ZodType<T>, provider: string): T {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    throw signatureRefused(`Signed ${provider} payload is not JSON`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw signatureRefused(`Signed ${provider} payload is not an event`);
  return parsed.data;
}
