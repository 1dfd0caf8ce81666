import { createHmac } from "node:crypto";
import { z } from "zod";
import { secureCompare } from "@/lib/secure-compare";
import { readSignedJson, signatureRefused, type VerifiedWebhookEvent } from "@/gateways/verified-webhook-event";

export const SIMULATED_SIGNATURE_HEADER = "simulated-signature";

const hmac = (secret: string, timestamp: number, body: string) =>
  createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");

/** The simulated provider's signature header, Stripe-style: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export function signSimulatedWebhook(body: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;
}

export interface SimulatedWebhookConfig {
  secret: string;
  toleranceSeconds: number;
}

const SimulatedEventSchema = z.object({ id: z.string().min(1), type: z.string().min(1) });

/** Checks the simulated provider's signature and timestamp, then reads the event. Always test money. */
export function verifySimulatedWebhook(
  rawBody: string,
  signature: string | null,
  { secret, toleranceSeconds }: SimulatedWebhookConfig,
  now = new Date(),
): VerifiedWebhookEvent {
  const match = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(signature ?? "");
  if (!match) throw signatureRefused("Simulated signature missing or malformed");
  const timestamp = Number(match[1]);
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) {
    throw signatureRefused("Simulated signature outside the tolerance window");
  }
  if (!secureCompare(match[2]!, hmac(secret, timestamp, rawBody))) {
    throw signatureRefused("Simulated signature does not match");
  }
  const { id, type } = readSignedJson(rawBody, SimulatedEventSchema, "simulated");
  return { providerEventId: id, type, environment: "test" };
}
