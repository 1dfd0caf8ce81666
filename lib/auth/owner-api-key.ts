import { AppError } from "@/lib/errors";
import { secureCompare } from "@/lib/secure-compare";

/**
 * Checks `Authorization: Bearer <key>` against the configured owner key, hashed and compared in
 * constant time. Without a configured key every call is refused: no owner endpoint is ever open.
 */
export function verifyOwnerApiKey(headers: Headers, configuredKey: string | undefined): void {
  if (!configuredKey) {
    // As if the endpoints were not there: nothing for a stranger to retry.
    throw new AppError("not_found", "OWNER_API_KEY is not set", {
      userMessage: "Owner endpoints are off on this instance.",
    });
  }
  const given = /^Bearer (.+)$/.exec(headers.get("authorization") ?? "")?.[1];
  if (!given || !secureCompare(given, configuredKey)) {
    throw new AppError("unauthorized", "Missing or wrong owner API key", {
      userMessage: "An owner API key is required: Authorization: Bearer <key>.",
    });
  }
}
