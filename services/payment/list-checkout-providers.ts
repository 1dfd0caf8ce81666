import type { Product, Provider } from "@/db/schema";
import { getEnv, type Env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { findProviderGateway } from "@/services/payment/get-payment-gateway";

// The order the checkout offers them in: real providers first.
const CHECKOUT_ORDER = ["stripe", "paypal", "gumroad", "simulated"] as const satisfies readonly Provider[];

type SoldProduct = Pick<Product, "name" | "kind" | "stripePriceId" | "paypalPlanId" | "gumroadPermalink">;

/** Whether the provider knows the product: Stripe by its price, PayPal subscriptions by their plan, Gumroad by its page. */
function sells(provider: Provider, product: SoldProduct): boolean {
  switch (provider) {
    case "stripe":
      return product.stripePriceId !== null;
    case "paypal":
      return product.kind === "one_time" || product.paypalPlanId !== null;
    case "gumroad":
      return product.gumroadPermalink !== null;
    case "simulated":
      return true;
  }
}

/**
 * The providers a buyer may pay for the product with: configured here, and knowing the product.
 * The simulated provider is among them only where it is on (see `SIMULATED_PROVIDER`).
 */
export function listCheckoutProviders(product: SoldProduct, env: Env = getEnv()): Provider[] {
  return CHECKOUT_ORDER.filter((provider) => sells(provider, product) && findProviderGateway(provider, env) !== null);
}

/**
 * Throws `validation_failed` (field `provider`) unless the buyer's provider is one the product is
 * offered through here, naming those it is offered through: nothing stands in for a provider.
 */
export function assertCheckoutProvider(provider: Provider, product: SoldProduct, env: Env = getEnv()): void {
  const offered = listCheckoutProviders(product, env);
  if (offered.includes(provider)) return;
  const choice = offered.length > 0 ? `choose ${offered.join(" or ")}` : "it cannot be bought here right now";
  throw new AppError(
    "validation_failed",
    `${provider} is not offered for ${product.name} (offered: ${offered.join(", ") || "none"})`,
    {
      userMessage: `provider: ${product.name} is not sold through ${provider} here; ${choice}`,
      field: "provider",
      details: { offered },
    },
  );
}
