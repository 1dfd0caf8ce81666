import type { GatewayProvider } from "@/gateways/types";
import { AppError } from "@/lib/errors";

/**
 * A provider call that failed. `transient` (a network error, a 5xx or a 429) means the same call,
 * with the same idempotency key, may succeed later; anything else will fail again as it is.
 */
export function gatewayError(
  provider: GatewayProvider,
  reason: string,
  options: { transient: boolean; status?: number; cause?: unknown },
): AppError {
  return new AppError("gateway_error", `${provider}: ${reason}`, {
    // The provider's own words may name accounts, prices or settings: for the owner only.
    userMessage: `The payment provider (${provider}) could not complete the request${options.transient ? "; try again in a moment" : ""}.`,
    ownerMessage: `The payment provider (${provider}) could not complete the request: ${reason}`,
    details: { provider, transient: options.transient, status: options.status },
    cause: options.cause,
  });
}

export function isTransientStatus(status: number | undefined): boolean {
  return status === undefined || status === 429 || status >= 500;
}

export function isTransientGatewayError(error: unknown): boolean {
  return error instanceof AppError && error.code === "gateway_error" && error.details?.transient === true;
}

/** What a provider cannot do at all, said plainly (`refused`, 409). */
export function notSupported(provider: GatewayProvider, what: string): AppError {
  return new AppError("refused", `${provider}: ${what}`, { userMessage: what, details: { provider } });
}
