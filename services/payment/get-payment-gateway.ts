import type { Provider } from "@/db/schema";
import { createGumroadGateway } from "@/gateways/gumroad/gumroad-gateway";
import { createPaypalGateway, type PaypalGateway } from "@/gateways/paypal/paypal-gateway";
import { createSimulatedGateway } from "@/gateways/simulated/simulated-gateway";
import { createStripeGateway, type StripeGateway } from "@/gateways/stripe/stripe-gateway";
import type { PaymentGateway } from "@/gateways/types";
import { getEnv, type Env } from "@/lib/env";
import { AppError } from "@/lib/errors";

// What each provider needs before it can take money; named in the error when it is missing.
const REQUIRED_SETTING: Record<Provider, keyof Env> = {
  stripe: "STRIPE_SECRET_KEY",
  paypal: "PAYPAL_CLIENT_ID",
  gumroad: "GUMROAD_SELLER_ID",
  simulated: "PAYMENTS_SIMULATED",
};

const unconfigured = (provider: Provider) => {
  const setting = provider === "simulated" ? "PAYMENTS_SIMULATED=1" : REQUIRED_SETTING[provider];
  return new AppError("service_unavailable", `${provider} is not configured`, {
    userMessage: `${provider} payments are not configured: set ${setting}.`,
    details: { provider, setting },
  });
};

/** The provider's own gateway when its credentials are set (the simulated one when it is on), else null. */
function configuredGateway(provider: Provider, env: Env): PaymentGateway | null {
  switch (provider) {
    case "stripe":
      return env.STRIPE_SECRET_KEY
        ? createStripeGateway({ secretKey: env.STRIPE_SECRET_KEY, apiBase: env.STRIPE_API_BASE })
        : null;
    case "paypal":
      return env.PAYPAL_CLIENT_ID && env.PAYPAL_CLIENT_SECRET
        ? createPaypalGateway({
            clientId: env.PAYPAL_CLIENT_ID,
            clientSecret: env.PAYPAL_CLIENT_SECRET,
            environment: env.PAYPAL_ENVIRONMENT,
          })
        : null;
    case "gumroad":
      return env.GUMROAD_SELLER_ID ? createGumroadGateway({ accessToken: env.GUMROAD_ACCESS_TOKEN }) : null;
    case "simulated":
      return env.SIMULATED_PROVIDER ? createSimulatedGateway({ appUrl: env.APP_URL }) : null;
  }
}

/**
 * The gateway that takes a new payment for `provider`: the real one when its credentials are set;
 * otherwise the simulated provider stands in where it is on (outside production, or with
 * PAYMENTS_SIMULATED=1); otherwise 503 naming the missing setting.
 */
export function getPaymentGateway(provider: Provider, env: Env = getEnv()): PaymentGateway {
  const gateway = configuredGateway(provider, env) ?? configuredGateway("simulated", env);
  if (!gateway) throw unconfigured(provider);
  return gateway;
}

/**
 * The gateway of the provider that took an existing payment, and no other: an order or
 * subscription stays with its provider. 503 naming the setting when it is not configured now.
 */
export function getProviderGateway(provider: Provider, env: Env = getEnv()): PaymentGateway {
  const gateway = configuredGateway(provider, env);
  if (!gateway) throw unconfigured(provider);
  return gateway;
}

/** Stripe's gateway with its lookups (sessions, invoices), for reading Stripe's events. 503 naming the setting without it. */
export function getStripeGateway(env: Env = getEnv()): StripeGateway {
  if (!env.STRIPE_SECRET_KEY) throw unconfigured("stripe");
  return createStripeGateway({ secretKey: env.STRIPE_SECRET_KEY, apiBase: env.STRIPE_API_BASE });
}

/** PayPal's gateway with its lookups (captures), for reading PayPal's events. 503 naming the setting without it. */
export function getPaypalGateway(env: Env = getEnv()): PaypalGateway {
  if (!env.PAYPAL_CLIENT_ID || !env.PAYPAL_CLIENT_SECRET) throw unconfigured("paypal");
  return createPaypalGateway({
    clientId: env.PAYPAL_CLIENT_ID,
    clientSecret: env.PAYPAL_CLIENT_SECRET,
    environment: env.PAYPAL_ENVIRONMENT,
  });
}
