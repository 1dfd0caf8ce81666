import { X509Certificate } from "node:crypto";
import https from "node:https";
import { LRUCache } from "lru-cache";
import { signatureRefused } from "@/gateways/verified-webhook-event";

const MAX_CERTIFICATE_BYTES = 64 * 1024;
const DOWNLOAD_TIMEOUT_MS = 5_000;

// PayPal signs with a handful of certificates that change rarely; one download each is enough.
const certificates = new LRUCache<string, Promise<X509Certificate>>({ max: 32, ttl: 24 * 60 * 60 * 1000 });

/**
 * The certificate at a `PAYPAL-CERT-URL`, accepted only over https from an allowed host (PayPal's
 * own API hosts), so a forged header can never point verification at a key the sender controls.
 * Cached by URL; a failed download is not cached.
 */
export async function getPaypalCertificate(certUrl: string, allowedHosts: readonly string[], now: Date) {
  let url: URL;
  try {
    url = new URL(certUrl);
  } catch {
    throw signatureRefused("PayPal certificate URL is not a URL");
  }
  if (url.protocol !== "https:" || !allowedHosts.includes(url.host.toLowerCase())) {
    throw signatureRefused(`PayPal certificate URL not allowed: ${url.host}`);
  }
  let pending = certificates.get(url.href);
  if (!pending) {
    pending = download(url).then((pem) => new X509Certificate(pem));
    certificates.set(url.href, pending);
    pending.catch(() => certificates.delete(url.href));
  }
  let certificate: X509Certificate;
  try {
    certificate = await pending;
  } catch (error) {
    throw signatureRefused(`PayPal certificate unavailable: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (now < new Date(certificate.validFrom) || now > new Date(certificate.validTo)) {
    throw signatureRefused("PayPal certificate is outside its validity period");
  }
  return certificate;
}

function download(url: URL): Promise<string> {
  return new Promise((resolve, reject) => {
    // The process's agent named outright, so its TLS options (the CAs it trusts) hold even where
    // something wraps node:https, as request interceptors do.
    const request = https.get(url, { timeout: DOWNLOAD_TIMEOUT_MS, agent: https.globalAgent }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        reject(new Error(`HTTP ${response.statusCode}`));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_CERTIFICATE_BYTES) request.destroy(new Error("certificate too large"));
        else chunks.push(chunk);
      });
      response.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
      response.on("error", reject);
    });
    request.on("timeout", () => request.destroy(new Error("timed out")));
    request.on("error", reject);
  });
}
