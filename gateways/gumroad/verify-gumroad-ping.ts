import { createHash } from "node:crypto";
import { AppError } from "@/lib/errors";
import { secureCompare } from "@/lib/secure-compare";
import { GUMROAD_SUBSCRIPTION_RESOURCES } from "@/gateways/gumroad/gumroad-resources";
import type { VerifiedWebhookEvent } from "@/gateways/verified-webhook-event";

export interface GumroadPingConfig {
  pingToken: string;
  sellerId: string;
}

const refused = (reason: string) => new AppError("unauthorized", reason);

/**
 * Gumroad pings are unsigned form posts, so the ping URL carries a secret token, compared in
 * constant time, and a sale's ping must name the configured seller (a membership's pings name no
 * seller; one that does must name ours). Gumroad sends no event id and a retry repeats the same
 * body, so the body's SHA-256 identifies the delivery. Throws `unauthorized` (401) otherwise.
 */
export function verifyGumroadPing(
  rawBody: string,
  token: string | null,
  { pingToken, sellerId }: GumroadPingConfig,
): VerifiedWebhookEvent {
  if (!token || !secureCompare(token, pingToken)) throw refused("Gumroad ping token missing or wrong");
  const form = new URLSearchParams(rawBody);
  // Plain sale pings carry no resource name; resource subscriptions (refund, cancellation …) do.
  const type = form.get("resource_name") ?? "sale";
  const seller = form.get("seller_id");
  const sellerNamed = seller !== null || !GUMROAD_SUBSCRIPTION_RESOURCES.has(type);
  if (sellerNamed && !secureCompare(seller ?? "", sellerId)) throw refused("Gumroad ping for another seller");
  return {
    providerEventId: createHash("sha256").update(rawBody).digest("hex"),
    type,
    environment: form.get("test") === "true" ? "test" : "live",
  };
}
