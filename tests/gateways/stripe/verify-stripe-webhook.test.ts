import fs from "node:fs";
import Stripe from "stripe";
import { describe, expect, it } from "vitest";
import { verifyStripeWebhook } from "@/gateways/stripe/verify-stripe-webhook";

const secret = "whsec_test_secret_for_the_signature_tests";
const config = { webhookSecret: secret, toleranceSeconds: 300 };
const body = fs.readFileSync("tests/fixtures/stripe/checkout.session.completed.json", "utf8");
const now = () => Math.floor(Date.now() / 1000);
// Headers come from Stripe's own SDK helper: an independent signer.
const header = (payload = body, options: { timestamp?: number; secret?: string } = {}) =>
  Stripe.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? secret, timestamp: options.timestamp });

describe("verifyStripeWebhook", () => {
  it("accepts a valid signature and reads id, type and mode", () => {
    expect(verifyStripeWebhook(body, header(), config)).toEqual({
      providerEventId: "evt_1QcheckoutCompleted",
      type: "checkout.session.completed",
      environment: "test",
    });
  });

  it("marks live-mode events live", () => {
    const live = body.replace('"livemode": false', '"livemode": true');
    expect(verifyStripeWebhook(live, header(live), config).environment).toBe("live");
  });

  it.each([
    ["missing", () => null],
    ["malformed", () => "not-a-signature"],
    ["made with another secret", () => header(body, { secret: "whsec_someone_else" })],
    ["for another body", () => header(body.replace("4900", "1"))],
    ["stale (outside the tolerance)", () => header(body, { timestamp: now() - 301 })],
    ["from the future", () => header(body, { timestamp: now() + 301 })],
  ])("refuses a signature that is %s", (_name, signature) => {
    expect(() => verifyStripeWebhook(body, signature(), config)).toThrow(
      expect.objectContaining({ code: "signature_invalid" }),
    );
  });

  it("refuses a signed payload that is not an event", () => {
    const payload = JSON.stringify({ hello: "world" });
    expect(() => verifyStripeWebhook(payload, header(payload), config)).toThrow(/not an event/);
  });
});
