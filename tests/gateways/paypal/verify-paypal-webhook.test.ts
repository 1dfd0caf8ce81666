import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPaypalWebhook, type PaypalWebhookConfig } from "@/gateways/paypal/verify-paypal-webhook";
import { startPaypalSigner } from "@/tests/support/paypal-signer";

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
});
