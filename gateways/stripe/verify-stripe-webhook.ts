import { z } from "zod";
import { Stripe } from "@/gateways/stripe/stripe-client";
import { signatureRefused, type VerifiedWebhookEvent } from "@/gateways/verified-webhook-event";

export interface StripeWebhookConfig {
  webhookSecret: string;
  toleranceSeconds: number;
}

const StripeEventSchema = z.object({ id: z.string().min(1), type: z.string().min(1), livemode: z.boolean() });

/**
 * Checks the `Stripe-Signature` header over the exact body with the SDK (HMAC-SHA256, timestamp
 * within the tolerance either way), and only then reads the event. Throws `signature_invalid` otherwise.
 */
export function verifyStripeWebhook(
  rawBody: string,
  signature: string | null,
  { webhookSecret, toleranceSeconds }: StripeWebhookConfig,
): VerifiedWebhookEvent {
  if (!signature) throw signatureRefused("Stripe-Signature header missing");
  // The SDK refuses old timestamps only; one far ahead would stretch the replay window.
  const timestamp = Number(/(?:^|,)t=(\d+)/.exec(signature)?.[1]);
  if (timestamp * 1000 > Date.now() + toleranceSeconds * 1000) throw signatureRefused("Stripe timestamp in the future");
  let event: unknown;
  try {
    event = Stripe.webhooks.constructEvent(rawBody, signature, webhookSecret, toleranceSeconds);
  } catch (error) {
    throw signatureRefused(`Stripe signature refused: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = StripeEventSchema.safeParse(event);
  if (!parsed.success) throw signatureRefused("Signed Stripe payload is not an event");
  const { id, type, livemode } = parsed.data;
  return { providerEventId: id, type, environment: livemode ? "live" : "test" };
}
