import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { buildContentSecurityPolicy, NON_DOCUMENT_POLICY } from "@/lib/http";

const directives = (policy: string) =>
  Object.fromEntries(policy.split("; ").map((directive) => [directive.split(" ")[0], directive]));

describe("the pages' Content Security Policy", () => {
  it("runs only scripts carrying the nonce, frames nothing and is framed by nothing", () => {
    const policy = directives(buildContentSecurityPolicy("bm9uY2U=", parseEnv({})));
    expect(policy["script-src"]).toBe("script-src 'self' 'nonce-bm9uY2U=' 'strict-dynamic'");
    expect(policy["style-src"]).toBe("style-src 'self' 'nonce-bm9uY2U='");
    expect(policy["frame-ancestors"]).toBe("frame-ancestors 'none'");
    expect(policy["object-src"]).toBe("object-src 'none'");
    expect(policy["base-uri"]).toBe("base-uri 'none'");
    expect(Object.values(policy).join(";")).not.toContain("unsafe-inline");
    expect(policy["upgrade-insecure-requests"]).toBeUndefined();
  });

  it("lets a checkout form go on to each configured provider's page, and to no other", () => {
    expect(directives(buildContentSecurityPolicy("n", parseEnv({})))["form-action"]).toBe("form-action 'self'");
    const providers = {
      STRIPE_SECRET_KEY: "sk_test_x",
      STRIPE_WEBHOOK_SECRET: "whsec_x",
      PAYPAL_CLIENT_ID: "id",
      PAYPAL_CLIENT_SECRET: "secret",
      PAYPAL_WEBHOOK_ID: "wh",
      GUMROAD_SELLER_ID: "seller",
      GUMROAD_PING_TOKEN: "gumroad-ping-token-0123456789-0123456789",
    };
    expect(directives(buildContentSecurityPolicy("n", parseEnv(providers)))["form-action"]).toBe(
      "form-action 'self' https://checkout.stripe.com https://www.sandbox.paypal.com https://gumroad.com https://*.gumroad.com",
    );
    const live = parseEnv({
      ...providers,
      APP_ENV: "test",
      PAYPAL_ENVIRONMENT: "live",
      STRIPE_API_BASE: "http://127.0.0.1:9",
    });
    const formAction = directives(buildContentSecurityPolicy("n", live))["form-action"];
    expect(formAction).toContain("https://www.paypal.com");
    expect(formAction).toContain("http://127.0.0.1:9");
  });

  it("upgrades subresources on an https site, allows eval only in development", () => {
    const https = buildContentSecurityPolicy("n", parseEnv({ APP_URL: "https://shop.example" }));
    expect(https).toContain("upgrade-insecure-requests");
    expect(buildContentSecurityPolicy("n", parseEnv({}), { dev: true })).toContain("'unsafe-eval'");
  });

  it("gives answers that are not pages nothing to run, load or be framed by", () => {
    expect(directives(NON_DOCUMENT_POLICY)).toMatchObject({
      "default-src": "default-src 'none'",
      "frame-ancestors": "frame-ancestors 'none'",
    });
  });
});
