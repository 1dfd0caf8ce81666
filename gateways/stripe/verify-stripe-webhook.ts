import { z } from "zod";
import { parseStripeSignatureHeader } from "@/gateways/stripe/parse-stripe-signature-header";
import { Stripe } from "@/gateways/stripe/stripe-client";
import { signatureRefused, type VerifiedWebhookEvent } from "@/gateways/verified-webhook-event";

export interface StripeWebhookConfig {
  webhookSecret: string;
  toleranceSeconds: number;
}

const StripeEventSchema = z.object({ id: z.string().min(1), type: z.string().min(1), livemode: z.boolean() });

/**
 * Checks the `Stripe-Signature` header over the exact body with the SDK (HMAC-SHA256 against any
 * of its `v1` signatures, timestamp within the tolerance either way), and only then reads the
 * event. Throws `signature_invalid` otherwise.
 */
export function verifyStripeWebhook(
  rawBody: string,
  signature: string | null,
  { webhookSecret, toleranceSeconds }: StripeWebhookConfig,
  now = new Date(),
): VerifiedWebhookEvent {
  if (!signature) throw signatureRefused("Stripe-Signature header missing");
  // Read as the SDK reads it, so this is the timestamp its HMAC covers. The SDK refuses old
  // timestamps only, and signs over `NaN.` when `t` is not a number: one far ahead, or none,
  // would leave no replay window at all.
  const { timestamp } = parseStripeSignatureHeader(signature);
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw signatureRefused("Stripe timestamp missing or not a number");
  }
  if (timestamp - now.getTime() / 1000 > toleranceSeconds) throw signatureRefused("Stripe timestamp in the future");
  let event: unknown;
  try {
    event = Stripe.webhooks.constructEvent(
      rawBody,
      signature,
      webhookSecret,
      toleranceSeconds,
      undefined,
      now.getTime(),
    );
  } catch (error) {
    throw signatureRefused(`Stripe signature refused: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = StripeEventSchema.safeParse(event);
  if (!parsed.success) throw signatureRefused("Signed Stripe payload is not an event");
  const { id, type, livemode } = parsed.data;
  return { providerEventId: id, type, environment: livemode ? "live" : "test" };
}
