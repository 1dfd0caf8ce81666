import { sign } from "node:crypto";
import fs from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPaypalWebhook, type PaypalWebhookConfig } from "@/gateways/paypal/verify-paypal-webhook";
import { createSelfSignedCertificate, startPaypalSigner } from "@/tests/support/paypal-signer";
import { tempDir } from "@/tests/support/test-database";

const webhookId = "8PT597110X687430LKGECATA";
const body = fs.readFileSync("tests/fixtures/paypal/payment.capture.completed.json", "utf8");
let signer: Awaited<ReturnType<typeof startPaypalSigner>>;
let config: PaypalWebhookConfig;

beforeAll(async () => {
  signer = await startPaypalSigner();
  config = { webhookId, allowedCertHosts: [signer.host], toleranceSeconds: 300, environment: "sandbox" };
});
afterAll(() => signer.close());

const refusal = expect.objectContaining({ code: "signature_invalid" });

describe("verifyPaypalWebhook", () => {
  it("accepts PayPal's signature and downloads each certificate once", async () => {
    const before = signer.downloads;
    for (let i = 0; i < 3; i++) {
      await expect(verifyPaypalWebhook(body, signer.headers(body, webhookId), config)).resolves.toEqual({
        providerEventId: "WH-58D329510W468432D-8HN650336L201105X",
        type: "PAYMENT.CAPTURE.COMPLETED",
        environment: "test",
      });
    }
    expect(signer.downloads - before).toBeLessThanOrEqual(1);
  });

  it("marks events live when PayPal is configured live", async () => {
    const live = { ...config, environment: "live" as const };
    await expect(verifyPaypalWebhook(body, signer.headers(body, webhookId), live)).resolves.toMatchObject({
      environment: "live",
    });
  });

  it("refuses a signature over another body, webhook id or transmission", async () => {
    await expect(verifyPaypalWebhook(`${body} `, signer.headers(body, webhookId), config)).rejects.toThrow(
      /does not match/,
    );
    await expect(verifyPaypalWebhook(body, signer.headers(body, "OTHERWEBHOOK"), config)).rejects.toThrow(refusal);
    const headers = signer.headers(body, webhookId);
    headers.set("paypal-transmission-id", "another-id");
    await expect(verifyPaypalWebhook(body, headers, config)).rejects.toThrow(refusal);
  });

  it.each([
    "paypal-transmission-id",
    "paypal-transmission-time",
    "paypal-transmission-sig",
    "paypal-cert-url",
    "paypal-auth-algo",
  ])("refuses a delivery without %s", async (name) => {
    const headers = signer.headers(body, webhookId);
    headers.delete(name);
    await expect(verifyPaypalWebhook(body, headers, config)).rejects.toThrow(`${name} header missing`);
  });

  it("refuses stale, future and unreadable transmission times (a replay after the window)", async () => {
    const stale = signer.headers(body, webhookId, { time: new Date(Date.now() - 301_000) });
    await expect(verifyPaypalWebhook(body, stale, config)).rejects.toThrow(/tolerance/);
    const future = signer.headers(body, webhookId, { time: new Date(Date.now() + 301_000) });
    await expect(verifyPaypalWebhook(body, future, config)).rejects.toThrow(/tolerance/);
    const headers = signer.headers(body, webhookId);
    headers.set("paypal-transmission-time", "yesterday");
    await expect(verifyPaypalWebhook(body, headers, config)).rejects.toThrow(/not a time/);
  });

  it("refuses other algorithms", async () => {
    const headers = signer.headers(body, webhookId);
    headers.set("paypal-auth-algo", "SHA1withRSA");
    await expect(verifyPaypalWebhook(body, headers, config)).rejects.toThrow(/not supported/);
  });

  it.each([
    ["a host not allowed", "https://evil.example/v1/notifications/certs/CERT-test"],
    ["plain http", "http://HOST/v1/notifications/certs/CERT-test"],
    ["not a URL", "::"],
  ])("refuses a certificate URL on %s, without fetching it", async (_name, url) => {
    const before = signer.downloads;
    const headers = signer.headers(body, webhookId, { certUrl: url.replace("HOST", signer.host) });
    await expect(verifyPaypalWebhook(body, headers, config)).rejects.toThrow(refusal);
    expect(signer.downloads).toBe(before);
  });

  it("refuses when the certificate cannot be had, and does not cache the failure", async () => {
    const missing = `https://${signer.host}/v1/notifications/certs/CERT-missing`;
    const headers = () => signer.headers(body, webhookId, { certUrl: missing });
    await expect(verifyPaypalWebhook(body, headers(), config)).rejects.toThrow(/HTTP 404/);
    const before = signer.downloads;
    await expect(verifyPaypalWebhook(body, headers(), config)).rejects.toThrow(/unavailable/);
    expect(signer.downloads).toBe(before + 1);
  });

  it("refuses a certificate outside its validity period", async () => {
    const later = new Date(Date.now() + 10 * 24 * 3600 * 1000);
    const headers = signer.headers(body, webhookId, { time: later });
    await expect(verifyPaypalWebhook(body, headers, config, later)).rejects.toThrow(/validity/);
  });

  it.each([
    ["not JSON", "not json"],
    ["not an event", JSON.stringify({ id: "WH-1" })],
  ])("refuses a signed payload that is %s", async (_name, payload) => {
    await expect(verifyPaypalWebhook(payload, signer.headers(payload, webhookId), config)).rejects.toThrow(refusal);
  });

  it.each([
    ["a signature that is not base64", "paypal-transmission-sig", "!!! not base64 !!!", /does not match/],
    ["a signature of 16,000 characters", "paypal-transmission-sig", "A".repeat(16_000), /does not match/],
    ["an empty-looking signature", "paypal-transmission-sig", "====", /does not match/],
    ["a transmission id of 10,000 characters", "paypal-transmission-id", "x".repeat(10_000), /does not match/],
    ["a transmission id with a separator", "paypal-transmission-id", "a|b", /does not match/],
    ["a transmission time of junk", "paypal-transmission-time", "2024-13-45T99:99:99Z", /not a time/],
    ["a transmission time of 10,000 characters", "paypal-transmission-time", "9".repeat(10_000), /not a time/],
    [
      "a certificate URL of 10,000 characters",
      "paypal-cert-url",
      `https://${"a".repeat(10_000)}.test/c`,
      /not allowed/,
    ],
    ["a certificate URL of another scheme", "paypal-cert-url", "file:///etc/passwd", /not allowed/],
    ["an algorithm of 10,000 characters", "paypal-auth-algo", "S".repeat(10_000), /not supported: S{64}$/],
    ["an algorithm in another case", "paypal-auth-algo", "sha256withrsa", /not supported/],
  ])("refuses %s with signature_invalid", async (_name, name, value, reason) => {
    const headers = signer.headers(body, webhookId);
    headers.set(name, value);
    const refused = verifyPaypalWebhook(body, headers, config);
    await expect(refused).rejects.toThrow(refusal);
    await expect(refused).rejects.toThrow(reason);
  });

  it("refuses a header sent twice (read as both values, comma-joined)", async () => {
    const headers = signer.headers(body, webhookId);
    headers.append("paypal-transmission-id", headers.get("paypal-transmission-id")!);
    await expect(verifyPaypalWebhook(body, headers, config)).rejects.toThrow(/does not match/);
  });

  describe("with PayPal's documented message, from a signer of its own", () => {
    // `id|time|webhookId|crc32`: CRC-32 of the body's UTF-8 bytes, as an unsigned decimal. This
    // body's CRC, worked out apart (Python's zlib), is past 2^31: a signed reading would differ.
    const crcBody = '{"id":"WH-CRC-0","event_type":"PAYMENT.CAPTURE.COMPLETED","summary":"Paiement reçu — 49,00 €"}';
    const CRC = "3269504209";
    let dir: string;
    let server: https.Server;
    let key: string;
    let host: string;
    let savedCa: typeof https.globalAgent.options.ca;
    const selfSigned = (name: string, algorithm: string) => createSelfSignedCertificate(dir, name, algorithm);

    beforeAll(async () => {
      dir = tempDir("agy-pp2-");
      const rsa = selfSigned("rsa", "rsa:2048");
      const ed25519 = selfSigned("ed25519", "ed25519");
      key = rsa.key;
      server = https.createServer(rsa, (request, response) => {
        response.end(request.url === "/certs/ed25519" ? ed25519.cert : rsa.cert);
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
      savedCa = https.globalAgent.options.ca;
      https.globalAgent.options.ca = [savedCa as string, rsa.cert];
    });
    afterAll(() => {
      https.globalAgent.options.ca = savedCa;
      server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    const deliver = (crc: string, certificate = "rsa") => {
      const id = crypto.randomUUID();
      const time = new Date().toISOString();
      const message = `${id}|${time}|${webhookId}|${crc}`;
      const headers = new Headers({
        "paypal-transmission-id": id,
        "paypal-transmission-time": time,
        "paypal-transmission-sig": sign("sha256", Buffer.from(message), key).toString("base64"),
        "paypal-cert-url": `https://${host}/certs/${certificate}`,
        "paypal-auth-algo": "SHA256withRSA",
      });
      return verifyPaypalWebhook(crcBody, headers, { ...config, allowedCertHosts: [host] });
    };

    it("accepts the CRC as PayPal computes it", async () => {
      await expect(deliver(CRC)).resolves.toMatchObject({ providerEventId: "WH-CRC-0" });
    });

    it.each([
      ["read as a signed number", String(Number(CRC) - 2 ** 32)],
      ["in hex", Number(CRC).toString(16)],
    ])("refuses the CRC %s", async (_name, crc) => {
      await expect(deliver(crc)).rejects.toThrow(/does not match/);
    });

    it("refuses, as a signature that does not match, a certificate whose key cannot do RSA-SHA256", async () => {
      await expect(deliver(CRC, "ed25519")).rejects.toThrow(/does not match/);
    });
  });
});
