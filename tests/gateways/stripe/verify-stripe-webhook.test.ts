import { createHmac } from "node:crypto";
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

  describe("reads the Stripe-Signature header as Stripe's SDK does", () => {
    const t = now();
    const sign = (timestamp: number | string) =>
      createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
    const valid = sign(t);
    const other = sign(t - 1);
    const sdkAccepts = (signature: string) => {
      try {
        Stripe.webhooks.constructEvent(body, signature, secret, config.toleranceSeconds);
        return true;
      } catch {
        return false;
      }
    };
    const weAccept = (signature: string) => {
      try {
        verifyStripeWebhook(body, signature, config);
        return true;
      } catch (error) {
        expect(error).toMatchObject({ code: "signature_invalid" });
        return false;
      }
    };

    it.each([
      ["one v1 signature", `t=${t},v1=${valid}`, true],
      ["several v1 signatures, one valid", `t=${t},v1=${other},v1=${valid},v1=${"0".repeat(64)}`, true],
      ["unknown schemes beside v1, ignored", `t=${t},v0=${other},v1=${valid},v9=zz,x=y`, true],
      ["the keys in another order", `v1=${valid},t=${t}`, true],
      ["t= duplicated, the last one counting", `t=${t - 1000},t=${t},v1=${valid}`, true],
      ["t= duplicated, the last one not signed", `t=${t},t=${t - 1000},v1=${valid}`, false],
      ["a blank after t=, skipped", `t= ${t},v1=${valid}`, true],
      ["digits then junk in t, read as the digits", `t=${t}abc,v1=${valid}`, true],
      ["junk after a second = in v1, dropped", `t=${t},v1=${valid}=junk`, true],
      ["a blank before a key", `t=${t}, v1=${valid}`, false],
      ["a blank before t", ` t=${t},v1=${valid}`, false],
      ["keys in upper case", `T=${t},V1=${valid}`, false],
      ["semicolons for commas", `t=${t};v1=${valid}`, false],
      ["only other schemes", `t=${t},v0=${valid}`, false],
      ["no t", `v1=${valid}`, false],
      ["no v1", `t=${t}`, false],
      ["an empty v1", `t=${t},v1=`, false],
      ["a bare v1", `t=${t},v1`, false],
      ["an empty header value", ",", false],
      ["a huge header, a valid signature last", `t=${t},${`v1=${"0".repeat(64)},`.repeat(2_000)}v1=${valid}`, true],
      ["a huge header of junk", "x".repeat(1_000_000), false],
      ["a huge v1", `t=${t},v1=${"a".repeat(1_000_000)}`, false],
    ])("with %s: accepted %s, as the SDK", (_name, signature, accepted) => {
      expect(sdkAccepts(signature)).toBe(accepted);
      expect(weAccept(signature)).toBe(accepted);
    });

    // The SDK takes these; the replay window would not hold.
    it.each([
      ["a future t after a current one", `t=${t},t=${t + 1000},v1=${sign(t + 1000)}`, /future/],
      ["a future t after a blank", `t= ${t + 1000},v1=${sign(t + 1000)}`, /future/],
      ["a t that is not a number (the SDK signs over `NaN.`)", `t=abc,v1=${sign("NaN")}`, /not a number/],
      ["a t past the safe integers", `t=${"9".repeat(20)},v1=${sign(Number("9".repeat(20)))}`, /not a number/],
    ])("refuses %s, which the SDK alone would take", (_name, signature, reason) => {
      expect(sdkAccepts(signature)).toBe(true);
      expect(() => verifyStripeWebhook(body, signature, config)).toThrow(reason);
    });

    it("holds the tolerance either way around the time given", () => {
      const at = new Date((t + 1000) * 1000);
      expect(verifyStripeWebhook(body, header(body, { timestamp: t + 1000 }), config, at).type).toBeTruthy();
      expect(() => verifyStripeWebhook(body, header(body, { timestamp: t + 699 }), config, at)).toThrow(/tolerance/);
      expect(() => verifyStripeWebhook(body, header(body, { timestamp: t + 1301 }), config, at)).toThrow(/future/);
    });
  });
});
