export { verifyGumroadPing, type GumroadPingConfig } from "@/gateways/gumroad/verify-gumroad-ping";
export { verifyPaypalWebhook, type PaypalWebhookConfig } from "@/gateways/paypal/verify-paypal-webhook";
export {
  SIMULATED_SIGNATURE_HEADER,
  signSimulatedWebhook,
  verifySimulatedWebhook,
} from "@/gateways/simulated/simulated-signature";
export { STRIPE_API_VERSION } from "@/gateways/stripe/stripe-client";
export { verifyStripeWebhook, type StripeWebhookConfig } from "@/gateways/stripe/verify-stripe-webhook";
export type { VerifiedWebhookEvent } from "@/gateways/verified-webhook-event";
