import type { Provider } from "@/db/schema";
import { createPaypalGateway } from "@/gateways/paypal/paypal-gateway";
import { createSimulatedGateway } from "@/gateways/simulated/simulated-gateway";
import { createStripeGateway } from "@/gateways/stripe/stripe-gateway";
import type { PaymentGateway } from "@/gateways/types";
import { getEnv, type Env } from "@/lib/env";
import { AppError } from "@/lib/errors";

// What each provider needs before it can take money; named in the error when it is missing.
const REQUIRED_SETTING: Record<Exclude<Provider, "simulated">, keyof Env> = {
  stripe: "STRIPE_SECRET_KEY",
  paypal: "PAYPAL_CLIENT_ID",
  gumroad: "GUMROAD_SELLER_ID",
};

const unconfigured = (provider: string, setting: string) =>
  new AppError("service_unavailable", `${provider} is not configured`, {
    userMessage: `${provider} payments are not configured: set ${setting}.`,
    details: { provider, setting },
  });

/**
 * The gateway that takes a payment for `provider`: the real one when its credentials are set;
 * otherwise the simulated provider stands in where it is on (outside production, or with
 * PAYMENTS_SIMULATED=1); otherwise 503 naming the missing setting.
 */
export function getPaymentGateway(provider: Provider, env: Env = getEnv()): PaymentGateway {
  const simulated = () => {
    if (!env.SIMULATED_PROVIDER) {
      throw provider === "simulated"
        ? unconfigured("The simulated provider", "PAYMENTS_SIMULATED=1")
        : unconfigured(provider, REQUIRED_SETTING[provider]);
    }
    return createSimulatedGateway({ appUrl: env.APP_URL });
  };
  switch (provider) {
    case "stripe":
      return env.STRIPE_SECRET_KEY
        ? createStripeGateway({ secretKey: env.STRIPE_SECRET_KEY, apiBase: env.STRIPE_API_BASE })
        : simulated();
    case "paypal":
      return env.PAYPAL_CLIENT_ID && env.PAYPAL_CLIENT_SECRET
        ? createPaypalGateway({
            clientId: env.PAYPAL_CLIENT_ID,
            clientSecret: env.PAYPAL_CLIENT_SECRET,
            environment: env.PAYPAL_ENVIRONMENT,
          })
        : simulated();
    case "gumroad":
      // Its adapter is not part of this build yet: with credentials set, say so rather than simulate.
      if (env[REQUIRED_SETTING[provider]] !== undefined) {
        throw new AppError("service_unavailable", `${provider} checkout is not available yet`, {
          userMessage: `${provider} checkout is not available in this version.`,
        });
      }
      return simulated();
    case "simulated":
      return simulated();
  }
}
