import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { getPaymentGateway, getPaypalGateway, getStripeGateway } from "@/services/payment";

const PRODUCTION = {
  APP_ENV: "production",
  SESSION_SECRET: "s".repeat(32),
  LICENSE_SECRET: "l".repeat(32),
  LICENSE_SIGNING_KEY: "-----BEGIN PRIVATE KEY-----",
};
const STRIPE = { STRIPE_SECRET_KEY: "sk_live_gateway", STRIPE_WEBHOOK_SECRET: "whsec_gateway" };
const GUMROAD = { GUMROAD_SELLER_ID: "seller", GUMROAD_PING_TOKEN: "p".repeat(32) };
const PAYPAL = { PAYPAL_CLIENT_ID: "client", PAYPAL_CLIENT_SECRET: "secret", PAYPAL_WEBHOOK_ID: "WH-1" };

const providerOf = (provider: Parameters<typeof getPaymentGateway>[0], env: Record<string, string>) =>
  getPaymentGateway(provider, parseEnv(env)).provider;
const refusal = (provider: Parameters<typeof getPaymentGateway>[0], env: Record<string, string>) => {
  try {
    getPaymentGateway(provider, parseEnv(env));
  } catch (error) {
    return error;
  }
  throw new Error("expected a refusal");
};

describe("getPaymentGateway", () => {
  it("uses a configured provider's own gateway", () => {
    expect(providerOf("stripe", { ...PRODUCTION, ...STRIPE })).toBe("stripe");
    expect(providerOf("paypal", { ...PRODUCTION, ...PAYPAL })).toBe("paypal");
  });

  it("simulates unconfigured providers outside production", () => {
    for (const provider of ["stripe", "paypal", "gumroad", "simulated"] as const) {
      expect(providerOf(provider, {})).toBe("simulated");
    }
  });

  it("in production simulates only when PAYMENTS_SIMULATED=1, else names the missing setting", () => {
    expect(refusal("stripe", PRODUCTION)).toMatchObject({
      code: "service_unavailable",
      userMessage: expect.stringMatching(/STRIPE_SECRET_KEY/),
    });
    expect(refusal("gumroad", PRODUCTION)).toMatchObject({ userMessage: expect.stringMatching(/GUMROAD_SELLER_ID/) });
    expect(refusal("simulated", PRODUCTION)).toMatchObject({
      userMessage: expect.stringMatching(/PAYMENTS_SIMULATED=1/),
    });
    const simulated = { ...PRODUCTION, PAYMENTS_SIMULATED: "1", SIMULATED_WEBHOOK_SECRET: "w".repeat(32) };
    expect(providerOf("stripe", simulated)).toBe("simulated");
  });

  it("never simulates a provider whose credentials are set", () => {
    expect(providerOf("gumroad", GUMROAD)).toBe("gumroad");
    expect(providerOf("paypal", PAYPAL)).toBe("paypal");
  });

  it("gives Stripe's and PayPal's lookups only with their credentials", () => {
    expect(getStripeGateway(parseEnv({ ...PRODUCTION, ...STRIPE })).provider).toBe("stripe");
    expect(() => getStripeGateway(parseEnv({}))).toThrowError(/stripe is not configured/);
    expect(getPaypalGateway(parseEnv({ ...PRODUCTION, ...PAYPAL })).provider).toBe("paypal");
    expect(() => getPaypalGateway(parseEnv({}))).toThrowError(/paypal is not configured/);
  });
});
