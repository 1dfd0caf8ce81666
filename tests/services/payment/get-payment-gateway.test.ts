import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { getPaypalGateway, getProviderGateway, getStripeGateway, listCheckoutProviders } from "@/services/payment";

const PRODUCTION = {
  APP_ENV: "production",
  SESSION_SECRET: "s".repeat(32),
  LICENSE_SECRET: "l".repeat(32),
  LICENSE_SIGNING_KEY: "-----BEGIN PRIVATE KEY-----",
};
const STRIPE = { STRIPE_SECRET_KEY: "sk_live_gateway", STRIPE_WEBHOOK_SECRET: "whsec_gateway" };
const GUMROAD = { GUMROAD_SELLER_ID: "seller", GUMROAD_PING_TOKEN: "p".repeat(32) };
const PAYPAL = { PAYPAL_CLIENT_ID: "client", PAYPAL_CLIENT_SECRET: "secret", PAYPAL_WEBHOOK_ID: "WH-1" };
const EVERYWHERE: Parameters<typeof listCheckoutProviders>[0] = {
  name: "Kit",
  kind: "one_time",
  stripePriceId: "price_kit",
  paypalPlanId: null,
  gumroadPermalink: "kit",
};

const refusal = (provider: Parameters<typeof getProviderGateway>[0], env: Record<string, string>) => {
  try {
    getProviderGateway(provider, parseEnv(env));
  } catch (error) {
    return error;
  }
  throw new Error("expected a refusal");
};
const offered = (env: Record<string, string>, product = EVERYWHERE) => listCheckoutProviders(product, parseEnv(env));

describe("getProviderGateway", () => {
  it("gives a configured provider's own gateway, with the money it takes", () => {
    expect(getProviderGateway("stripe", parseEnv({ ...PRODUCTION, ...STRIPE }))).toMatchObject({
      provider: "stripe",
      environment: "live",
    });
    expect(getProviderGateway("paypal", parseEnv({ ...PRODUCTION, ...PAYPAL }))).toMatchObject({
      provider: "paypal",
      environment: "live",
    });
    expect(getProviderGateway("paypal", parseEnv(PAYPAL)).environment).toBe("test");
    expect(getProviderGateway("gumroad", parseEnv(GUMROAD)).provider).toBe("gumroad");
  });

  it("never gives another in place of an unconfigured provider: 503 naming the setting, for the owner's logs", () => {
    for (const [provider, setting] of [
      ["stripe", /STRIPE_SECRET_KEY/],
      ["gumroad", /GUMROAD_SELLER_ID/],
      ["simulated", /SIMULATED_PROVIDER=true/],
    ] as const) {
      expect(refusal(provider, PRODUCTION)).toMatchObject({
        code: "service_unavailable",
        ownerMessage: expect.stringMatching(setting),
      });
    }
    expect(refusal("stripe", {})).toMatchObject({ code: "service_unavailable" });
    expect(refusal("simulated", STRIPE)).toMatchObject({ code: "service_unavailable" });
  });

  it("gives Stripe's and PayPal's lookups only with their credentials", () => {
    expect(getStripeGateway(parseEnv({ ...PRODUCTION, ...STRIPE })).provider).toBe("stripe");
    expect(() => getStripeGateway(parseEnv({}))).toThrowError(/stripe is not configured/);
    expect(getPaypalGateway(parseEnv({ ...PRODUCTION, ...PAYPAL })).provider).toBe("paypal");
    expect(() => getPaypalGateway(parseEnv({}))).toThrowError(/paypal is not configured/);
  });
});

describe("listCheckoutProviders", () => {
  it("offers the simulated provider only where no money is at stake, or where it is switched on", () => {
    expect(offered({})).toEqual(["simulated"]);
    expect(offered(STRIPE)).toEqual(["stripe"]);
    expect(offered({ ...STRIPE, SIMULATED_PROVIDER: "true" })).toEqual(["stripe", "simulated"]);
    expect(offered({ SIMULATED_PROVIDER: "false" })).toEqual([]);
    expect(offered(PRODUCTION)).toEqual([]);
    const switchedOn = { ...PRODUCTION, SIMULATED_PROVIDER: "true", SIMULATED_WEBHOOK_SECRET: "w".repeat(32) };
    expect(offered(switchedOn)).toEqual(["simulated"]);
  });

  it("offers each configured provider for the products it knows", () => {
    const all = { ...STRIPE, ...PAYPAL, ...GUMROAD };
    expect(offered(all)).toEqual(["stripe", "paypal", "gumroad"]);
    const subscription = { ...EVERYWHERE, kind: "subscription", stripePriceId: null, gumroadPermalink: null } as const;
    expect(offered(all, subscription)).toEqual([]);
    expect(offered(all, { ...subscription, paypalPlanId: "P-1" })).toEqual(["paypal"]);
  });
});
