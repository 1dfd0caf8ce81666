import { createHash } from "node:crypto";
import type { PaymentGateway } from "@/gateways/types";

export interface SimulatedGatewayConfig {
  /** The app's public origin: the simulated provider's checkout page is one of its own pages. */
  appUrl: string;
}

const derivedId = (prefix: string, seed: string) =>
  `${prefix}_${createHash("sha256").update(seed).digest("hex").slice(0, 24)}`;

/**
 * A provider that needs no account: its hosted checkout is the app's `/simulated/checkout/[order]`
 * page, where the buyer approves or declines and a signed event comes back through the webhook
 * intake like any provider's. Ids derive from our own, so a repeated call answers the same.
 */
export function createSimulatedGateway({ appUrl }: SimulatedGatewayConfig): PaymentGateway {
  return {
    provider: "simulated",
    environment: "test",

    async createCheckout({ orderId }) {
      return {
        url: new URL(`/simulated/checkout/${encodeURIComponent(orderId)}`, appUrl).toString(),
        providerCheckoutId: `sim_cs_${orderId}`,
      };
    },

    async captureOrder({ providerCheckoutId, amountMinor, currency }) {
      return {
        providerPaymentId: derivedId("sim_cap", providerCheckoutId),
        amountMinor,
        currency,
        status: "completed",
      };
    },

    async cancelSubscription() {
      return { endsAt: "period_end" };
    },

    async getSubscription() {
      // The simulated provider keeps no subscriptions of its own: what its events said stands.
      return { status: "active", currentPeriodEnd: null, cancelAtPeriodEnd: false };
    },

    async refund({ amountMinor, idempotencyKey }) {
      return { providerRefundId: derivedId("sim_re", idempotencyKey), amountMinor, status: "succeeded" };
    },
  };
}
