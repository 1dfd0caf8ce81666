import {
  SIMULATED_SIGNATURE_HEADER,
  verifyGumroadPing,
  verifyPaypalWebhook,
  verifySimulatedWebhook,
  verifyStripeWebhook,
  type VerifiedWebhookEvent,
} from "@/gateways";
import type { Provider } from "@/db/schema";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getSecret } from "@/lib/secrets";

export interface WebhookRequest {
  /** The body exactly as it arrived: signatures cover these bytes. */
  rawBody: string;
  headers: Headers;
  searchParams: URLSearchParams;
}

const notConfigured = (provider: string, setting: string) =>
  // As if the endpoint were not there: a 404 to anyone (nothing for a stranger to retry or fill logs with).
  new AppError("not_found", `${provider} webhooks are not configured: ${setting} is not set`, {
    userMessage: `${provider} webhooks are not accepted here.`,
    ownerMessage: `${provider} webhooks are not configured: set ${setting}.`,
  });

/**
 * Authenticates a provider's webhook with that provider's own scheme and the configured secrets.
 * Fails closed: an unconfigured provider's endpoint answers 404 and verifies nothing.
 */
export async function verifyWebhook(provider: Provider, request: WebhookRequest): Promise<VerifiedWebhookEvent> {
  const env = getEnv();
  const toleranceSeconds = env.WEBHOOK_TOLERANCE_SECONDS;
  switch (provider) {
    case "stripe":
      if (!env.STRIPE_WEBHOOK_SECRET) throw notConfigured("Stripe", "STRIPE_WEBHOOK_SECRET");
      return verifyStripeWebhook(request.rawBody, request.headers.get("stripe-signature"), {
        webhookSecret: env.STRIPE_WEBHOOK_SECRET,
        toleranceSeconds,
      });
    case "paypal":
      if (!env.PAYPAL_WEBHOOK_ID) throw notConfigured("PayPal", "PAYPAL_WEBHOOK_ID");
      return verifyPaypalWebhook(request.rawBody, request.headers, {
        webhookId: env.PAYPAL_WEBHOOK_ID,
        allowedCertHosts: env.PAYPAL_CERT_HOSTS,
        toleranceSeconds,
        environment: env.PAYPAL_ENVIRONMENT,
      });
    case "gumroad":
      if (!env.GUMROAD_PING_TOKEN || !env.GUMROAD_SELLER_ID) throw notConfigured("Gumroad", "GUMROAD_PING_TOKEN");
      return verifyGumroadPing(request.rawBody, request.searchParams.get("token"), {
        pingToken: env.GUMROAD_PING_TOKEN,
        sellerId: env.GUMROAD_SELLER_ID,
      });
    case "simulated":
      if (!env.SIMULATED_PROVIDER) throw notConfigured("Simulated provider", "SIMULATED_PROVIDER=true");
      return verifySimulatedWebhook(request.rawBody, request.headers.get(SIMULATED_SIGNATURE_HEADER), {
        secret: getSecret("SIMULATED_WEBHOOK_SECRET"),
        toleranceSeconds,
      });
  }
}
