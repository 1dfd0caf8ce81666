import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signSimulatedWebhook, verifySimulatedWebhook } from "@/gateways/simulated/simulated-signature";

const secret = "simulated-secret-simulated-secret-123";
const config = { secret, toleranceSeconds: 300 };
const body = JSON.stringify({ id: "sim_evt_1", type: "checkout.completed", data: {} });

describe("simulated provider signatures", () => {
  it("signs Stripe-style: t=<seconds>,v1=<HMAC-SHA256 of t.body>", () => {
    const expected = createHmac("sha256", secret).update(`1700000000.${body}`).digest("hex");
    expect(signSimulatedWebhook(body, secret, 1700000000)).toBe(`t=1700000000,v1=${expected}`);
  });

  it("verifies its own signature as a test-mode event", () => {
    expect(verifySimulatedWebhook(body, signSimulatedWebhook(body, secret), config)).toEqual({
      providerEventId: "sim_evt_1",
      type: "checkout.completed",
      environment: "test",
    });
  });

  const stale = Math.floor(Date.now() / 1000) - 301;
  it.each([
    ["missing", null],
    ["malformed", "t=1,v1=zz"],
    ["made with another secret", signSimulatedWebhook(body, "another-secret-another-secret-12345")],
    ["for another body", signSimulatedWebhook(`${body} `, secret)],
    ["stale", signSimulatedWebhook(body, secret, stale)],
  ])("refuses a signature that is %s", (_name, signature) => {
    expect(() => verifySimulatedWebhook(body, signature, config)).toThrow(
      expect.objectContaining({ code: "signature_invalid" }),
    );
  });

  it.each([
    ["not JSON", "not json"],
    ["not an event", JSON.stringify({ id: "" })],
  ])("refuses a signed payload that is %s", (_name, payload) => {
    expect(() => verifySimulatedWebhook(payload, signSimulatedWebhook(payload, secret), config)).toThrow(
      expect.objectContaining({ code: "signature_invalid" }),
    );
  });

  it.each([
    ["empty", ""],
    ["with blanks", signSimulatedWebhook(body, secret).replace(",", ", ")],
    ["with a trailing blank", `${signSimulatedWebhook(body, secret)} `],
    ["with t= twice", signSimulatedWebhook(body, secret).replace("t=", "t=1,t=")],
    ["with v1 twice", `${signSimulatedWebhook(body, secret)},v1=${"0".repeat(64)}`],
    ["in upper-case hex", signSimulatedWebhook(body, secret).toUpperCase().replace("T=", "t=").replace("V1=", "v1=")],
    ["without t", signSimulatedWebhook(body, secret).replace(/^t=\d+,/, "")],
    ["with a t that is not a number", signSimulatedWebhook(body, secret).replace(/^t=\d+/, "t=abc")],
    ["with a negative t", signSimulatedWebhook(body, secret).replace(/^t=/, "t=-")],
    ["with a t of 13 digits", signSimulatedWebhook(body, secret).replace(/^t=/, "t=9")],
    ["of a megabyte", `t=1,v1=${"a".repeat(1_000_000)}`],
  ])("refuses a signature header %s with signature_invalid", (_name, signature) => {
    expect(() => verifySimulatedWebhook(body, signature, config)).toThrow(
      expect.objectContaining({ code: "signature_invalid" }),
    );
  });
});
