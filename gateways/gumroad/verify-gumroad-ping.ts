import { createHash } from "node:crypto";
import { AppError } from "@/lib/errors";
import { secureCompare } from "@/lib/secure-compare";
import type { VerifiedWebhookEvent } from "@/gateways/verified-webhook-event";

export interface GumroadPingConfig {
  pingToken: string;
  sellerId: string;
}

const refused = (reason: string) => new AppError("unauthorized", reason);

/**
 * Gumroad pings are unsigned form posts, so the ping URL carries a secret token, compared in
 * constant time, and the form must name the configured seller. Gumroad sends no event id and a
 * retry repeats the same body, so the body's SHA-256 identifies the delivery. Throws
 * `unauthorized` (401) otherwise.
 */
export function verifyGumroadPing(
  rawBody: string,
  token: string | null,
  { pingToken, sellerId }: GumroadPingConfig,
): VerifiedWebhookEvent {
  if (!token || !secureCompare(token, pingToken)) throw refused("Gumroad ping token missing or wrong");
  const form = new URLSearchParams(rawBody);
  if (!secureCompare(form.get("seller_id") ?? "", sellerId)) throw refused("Gumroad ping for another seller");
  return {
    providerEventId: createHash("sha256").update(rawBody).digest("hex"),
    // Plain sale pings carry no resource name; resource subscriptions (refund, cancellation …) do.
    type: form.get("resource_name") ?? "sale",
    environment: form.get("test") === "true" ? "test" : "live",
  };
}
