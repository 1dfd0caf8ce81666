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
