import type { Provider } from "@/db/schema";
import { createGumroadGateway } from "@/gateways/gumroad/gumroad-gateway";
import { createPaypalGateway, type PaypalGateway } from "@/gateways/paypal/paypal-gateway";
import { createSimulatedGateway } from "@/gateways/simulated/simulated-gateway";
import { createStripeGateway, type StripeGateway } from "@/gateways/stripe/stripe-gateway";
import type { PaymentGateway } from "@/gateways/types";
import { getEnv, type Env } from "@/lib/env";
import { AppError } from "@/lib/errors";

// What each provider needs before it can take money; named in the error when it is missing.
const REQUIRED_SETTING: Record<Provider, string> = {
  stripe: "STRIPE_SECRET_KEY",
  paypal: "PAYPAL_CLIENT_ID",
  gumroad: "GUMROAD_SELLER_ID",
  simulated: "SIMULATED_PROVIDER=true",
};

const unconfigured = (provider: Provider) => {
  const setting = REQUIRED_SETTING[provider];
  return new AppError("service_unavailable", `${provider} is not configured: ${setting} is not set`, {
    userMessage: `${provider} payments are not available here.`,
    ownerMessage: `${provider} payments are not configured: set ${setting}.`,
    details: { provider, setting },
  });
};

// One gateway per provider and settings for the process's life: SDK clients keep their connections
// and PayPal's OAuth token, which a client made per call would have to fetch again each time.
const built = new Map<string, PaymentGateway>();

function reuse<T extends PaymentGateway>(settings: (string | undefined)[], build: () => T): T {
  const key = JSON.stringify(settings);
  let gateway = built.get(key);
  if (!gateway) {
    gateway = build();
    built.set(key, gateway);
  }
  return gateway as T;
}

function stripeGateway(env: Env): StripeGateway | null {
  const { STRIPE_SECRET_KEY: secretKey, STRIPE_API_BASE: apiBase } = env;
  return secretKey ? reuse(["stripe", secretKey, apiBase], () => createStripeGateway({ secretKey, apiBase })) : null;
}

function paypalGateway(env: Env): PaypalGateway | null {
  const { PAYPAL_CLIENT_ID: clientId, PAYPAL_CLIENT_SECRET: clientSecret, PAYPAL_ENVIRONMENT: environment } = env;
  if (!clientId || !clientSecret) return null;
  return reuse(["paypal", clientId, clientSecret, environment], () =>
    createPaypalGateway({ clientId, clientSecret, environment }),
  );
}

/**
 * The provider's own gateway when its credentials are set (the simulated one when it is on), else
 * null: the one rule of which providers this shop can take money through.
 */
export function findProviderGateway(provider: Provider, env: Env = getEnv()): PaymentGateway | null {
  switch (provider) {
    case "stripe":
      return stripeGateway(env);
    case "paypal":
      return paypalGateway(env);
    case "gumroad":
      return env.GUMROAD_SELLER_ID
        ? reuse(["gumroad", env.GUMROAD_ACCESS_TOKEN], () =>
            createGumroadGateway({ accessToken: env.GUMROAD_ACCESS_TOKEN }),
          )
        : null;
    case "simulated":
      return env.SIMULATED_PROVIDER
        ? reuse(["simulated", env.APP_URL], () => createSimulatedGateway({ appUrl: env.APP_URL }))
        : null;
  }
}

/**
 * The provider's own gateway, and no other: a payment is taken, captured, refunded or cancelled
 * only by the provider it was made with; nothing stands in for one. 503 naming the setting when it
 * is not configured now (checkout refuses such a provider earlier, by name: `listCheckoutProviders`).
 */
export function getProviderGateway(provider: Provider, env: Env = getEnv()): PaymentGateway {
  const gateway = findProviderGateway(provider, env);
  if (!gateway) throw unconfigured(provider);
  return gateway;
}

/** Stripe's gateway with its lookups (sessions, invoices), for reading Stripe's events. 503 naming the setting without it. */
export function getStripeGateway(env: Env = getEnv()): StripeGateway {
  const gateway = stripeGateway(env);
  if (!gateway) throw unconfigured("stripe");
  return gateway;
}

/** PayPal's gateway with its lookups (captures), for reading PayPal's events. 503 naming the setting without it. */
export function getPaypalGateway(env: Env = getEnv()): PaypalGateway {
  const gateway = paypalGateway(env);
  if (!gateway) throw unconfigured("paypal");
  return gateway;
}
