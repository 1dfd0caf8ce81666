import { z } from "zod";
import { notSupported } from "@/gateways/gateway-error";
import { callGumroad } from "@/gateways/gumroad/gumroad-api";
import type { CreateCheckoutRequest, PaymentGateway, RefundRequest } from "@/gateways/types";
import { AppError } from "@/lib/errors";

export interface GumroadGatewayConfig {
  /** Needed for refunds (and sale lookups); checkout is a plain link and works without it. */
  accessToken?: string;
}

/**
 * Gumroad has no checkout API: checkout is the product's Gumroad page, with the buyer's email and
 * our order id as URL parameters (Gumroad hands URL parameters back in the sale's ping). Gumroad
 * takes the money at checkout, cannot cancel a subscription through its API, and gives refunds no
 * id of their own.
 */
export function createGumroadGateway({ accessToken }: GumroadGatewayConfig): PaymentGateway {
  return {
    provider: "gumroad",
    // Gumroad has no test mode: its sales are real money (a seller's own test purchase says `test`).
    environment: "live",

    async createCheckout({ orderId, product, email }: CreateCheckoutRequest) {
      if (!product.gumroadPermalink) {
        throw new AppError("service_unavailable", `Product ${product.slug} has no Gumroad permalink`, {
          userMessage: `${product.name} cannot be bought through Gumroad right now.`,
          ownerMessage: `${product.name} is not sold through Gumroad: set its gumroadPermalink in the catalog.`,
        });
      }
      // The catalog may hold the permalink alone or the product's whole Gumroad URL.
      const url = /^https?:\/\//.test(product.gumroadPermalink)
        ? new URL(product.gumroadPermalink)
        : new URL(`https://gumroad.com/l/${encodeURIComponent(product.gumroadPermalink)}`);
      url.searchParams.set("wanted", "true");
      url.searchParams.set("email", email);
      url.searchParams.set("checkout_order_id", orderId);
      return { url: url.toString(), providerCheckoutId: null };
    },

    async captureOrder() {
      throw notSupported("gumroad", "Gumroad takes the payment at checkout: there is no order to capture.");
    },

    async cancelSubscription() {
      throw notSupported(
        "gumroad",
        "Gumroad has no API to cancel a subscription: the buyer cancels it from their Gumroad library, or the seller from the Gumroad dashboard.",
      );
    },

    async getSubscription() {
      throw notSupported("gumroad", "Gumroad subscriptions are followed through their sales and pings.");
    },

    async refund({ providerPaymentId, amountMinor, idempotencyKey }: RefundRequest) {
      if (!accessToken) {
        throw new AppError("service_unavailable", "GUMROAD_ACCESS_TOKEN is not set", {
          userMessage: "Gumroad refunds are not available here.",
          ownerMessage: "Gumroad refunds need an access token: set GUMROAD_ACCESS_TOKEN.",
        });
      }
      await callGumroad(
        accessToken,
        {
          method: "PUT",
          path: `/sales/${encodeURIComponent(providerPaymentId)}/refund`,
          form: { amount_cents: String(amountMinor) },
        },
        z.object({ sale: z.looseObject({ id: z.string() }) }),
      );
      // Gumroad names no refund: ours is the sale and our own key for this refund.
      return { providerRefundId: `${providerPaymentId}:${idempotencyKey}`, amountMinor, status: "succeeded" };
    },
  };
}
