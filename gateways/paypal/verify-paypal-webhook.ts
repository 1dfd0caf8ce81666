import { verify, type KeyObject } from "node:crypto";
import { crc32 } from "node:zlib";
import { z } from "zod";
import { getPaypalCertificate } from "@/gateways/paypal/paypal-certificate";
import { readSignedJson, signatureRefused, type VerifiedWebhookEvent } from "@/gateways/verified-webhook-event";

export interface PaypalWebhookConfig {
  webhookId: string;
  allowedCertHosts: readonly string[];
  toleranceSeconds: number;
  /** PayPal's payloads do not say sandbox or live; the configured API environment does. */
  environment: "sandbox" | "live";
}

const PaypalEventSchema = z.object({ id: z.string().min(1), event_type: z.string().min(1) });

// Header values are the sender's: a log line quotes no more of one than this.
const MAX_LOGGED_VALUE = 64;

function header(headers: Headers, name: string): string {
  const value = headers.get(name);
  if (!value) throw signatureRefused(`${name} header missing`);
  return value;
}

/**
 * PayPal's offline verification: RSA-SHA256 over `transmissionId|transmissionTime|webhookId|crc32`
 * (CRC-32 of the exact body, in decimal) with the certificate PayPal names, fetched from an allowed
 * host. Transmissions outside the tolerance window are refused, so a captured delivery cannot be
 * replayed later. Only then is the body read. Throws `signature_invalid` otherwise.
 */
export async function verifyPaypalWebhook(
  rawBody: string,
  headers: Headers,
  config: PaypalWebhookConfig,
  now = new Date(),
): Promise<VerifiedWebhookEvent> {
  const transmissionId = header(headers, "paypal-transmission-id");
  const transmissionTime = header(headers, "paypal-transmission-time");
  const signature = header(headers, "paypal-transmission-sig");
  const certUrl = header(headers, "paypal-cert-url");
  const algorithm = header(headers, "paypal-auth-algo");
  if (algorithm !== "SHA256withRSA") {
    throw signatureRefused(`PayPal auth algorithm not supported: ${algorithm.slice(0, MAX_LOGGED_VALUE)}`);
  }

  const sentAt = Date.parse(transmissionTime);
  if (Number.isNaN(sentAt)) throw signatureRefused("PayPal transmission time is not a time");
  if (Math.abs(now.getTime() - sentAt) > config.toleranceSeconds * 1000) {
    throw signatureRefused("PayPal transmission time outside the tolerance window");
  }

  const certificate = await getPaypalCertificate(certUrl, config.allowedCertHosts, now);
  const message = `${transmissionId}|${transmissionTime}|${config.webhookId}|${crc32(rawBody)}`;
  if (!verifies(message, certificate.publicKey, signature)) throw signatureRefused("PayPal signature does not match");

  const event = readSignedJson(rawBody, PaypalEventSchema, "PayPal");
  return {
    providerEventId: event.id,
    type: event.event_type,
    environment: config.environment === "live" ? "live" : "test",
  };
}

// Base64 is read leniently, as PayPal's SDKs read it; a key that cannot do RSA-SHA256 (an Ed25519
// certificate, say) makes node:crypto throw rather than answer false, and is no signature either.
function verifies(message: string, publicKey: KeyObject, signature: string): boolean {
  try {
    return verify("sha256", Buffer.from(message), publicKey, Buffer.from(signature, "base64"));
  } catch {
    return false;
  }
}
