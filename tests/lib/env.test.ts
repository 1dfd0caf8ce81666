import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv, readNamedVariable } from "@/lib/env";

const STRIPE = { STRIPE_SECRET_KEY: "sk_test_123", STRIPE_WEBHOOK_SECRET: "whsec_abc" };
const SECRETS = {
  SESSION_SECRET: "s".repeat(32),
  LICENSE_SECRET: "l".repeat(32),
  LICENSE_SIGNING_KEY: "-----BEGIN PRIVATE KEY-----\\n…",
};

describe("parseEnv", () => {
  it("runs on nothing: embedded database, in-process queue, simulated provider", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.PORT).toBe(3000);
    expect(env.APP_URL).toBe("http://localhost:3000");
    expect(env.DATA_DIR).toBe(path.resolve(".data"));
    expect(env.SIMULATED_PROVIDER).toBe(true);
    expect(env.PAYPAL_ENVIRONMENT).toBe("sandbox");
  });

  it("treats blank values as unset", () => {
    expect(parseEnv({ DATABASE_URL: "  ", REDIS_URL: "" }).DATABASE_URL).toBeUndefined();
  });

  it("names the variable and what it expects, on one line", () => {
    expect(() => parseEnv({ DATABASE_URL: "nonsense" })).toThrowError(
      /^Invalid configuration: DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ connection URL$/,
    );
    expect(() => parseEnv({ PORT: "eighty" })).toThrowError(/PORT is invalid/);
    expect(() => parseEnv({ LOG_LEVEL: "loud" })).toThrowError(/LOG_LEVEL must be one of fatal, error/);
    expect(() => parseEnv({ REDIS_URL: "localhost:6379" })).toThrowError(/REDIS_URL must be a redis:\/\//);
  });

  it("never echoes the rejected value, which may hold a password", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://user:hunter2@db/x" })).toThrowError(
      expect.objectContaining({ message: expect.not.stringContaining("hunter2") }),
    );
  });

  it("accepts PostgreSQL and Supabase connection strings", () => {
    const url = "postgresql://postgres.abc:pw@aws-0-eu.pooler.supabase.com:6543/postgres";
    expect(parseEnv({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
  });

  it("requires a provider's variables together", () => {
    expect(() => parseEnv({ STRIPE_SECRET_KEY: "sk_test_1" })).toThrowError(
      "Invalid configuration: STRIPE_WEBHOOK_SECRET is required when Stripe is configured",
    );
    expect(() => parseEnv({ PAYPAL_CLIENT_ID: "id", PAYPAL_CLIENT_SECRET: "s" })).toThrowError(
      /PAYPAL_WEBHOOK_ID is required when PayPal is configured/,
    );
    expect(parseEnv(STRIPE).STRIPE_SECRET_KEY).toBe("sk_test_123");
  });

  it("checks the shape of provider secrets", () => {
    expect(() => parseEnv({ ...STRIPE, STRIPE_WEBHOOK_SECRET: "nope" })).toThrowError(/whsec_/);
    expect(() => parseEnv({ GUMROAD_SELLER_ID: "x", GUMROAD_PING_TOKEN: "short" })).toThrowError(
      "Invalid configuration: GUMROAD_PING_TOKEN must be at least 32 characters",
    );
  });

  it("demands real secrets in production and turns the simulated provider off", () => {
    expect(() => parseEnv({ APP_ENV: "production" })).toThrowError(
      /SESSION_SECRET is required in production; LICENSE_SECRET is required in production; LICENSE_SIGNING_KEY/,
    );
    const env = parseEnv({ APP_ENV: "production", ...SECRETS });
    expect(env.SIMULATED_PROVIDER).toBe(false);
    expect(env.PAYPAL_ENVIRONMENT).toBe("live");
    expect(() => parseEnv({ APP_ENV: "production", ...SECRETS, SIMULATED_PROVIDER: "true" })).toThrowError(
      /SIMULATED_WEBHOOK_SECRET is required in production/,
    );
  });

  it("turns the simulated provider on by default only while no real provider is configured", () => {
    const stripe = { STRIPE_SECRET_KEY: "sk_test_env", STRIPE_WEBHOOK_SECRET: "whsec_env" };
    expect(parseEnv(stripe).SIMULATED_PROVIDER).toBe(false);
    expect(parseEnv({ GUMROAD_SELLER_ID: "s", GUMROAD_PING_TOKEN: "t".repeat(32) }).SIMULATED_PROVIDER).toBe(false);
    expect(parseEnv({ ...stripe, SIMULATED_PROVIDER: "true" }).SIMULATED_PROVIDER).toBe(true);
    expect(parseEnv({ SIMULATED_PROVIDER: "0" }).SIMULATED_PROVIDER).toBe(false);
  });

  it("refuses the old second switch by name rather than ignore it", () => {
    expect(() => parseEnv({ PAYMENTS_SIMULATED: "1" })).toThrowError(
      /PAYMENTS_SIMULATED is no longer read: set SIMULATED_PROVIDER instead/,
    );
    expect(parseEnv({ PAYMENTS_SIMULATED: "" })).not.toHaveProperty("PAYMENTS_SIMULATED");
  });
});

describe("readNamedVariable", () => {
  it("reads a variable named by configuration data and rejects odd names", () => {
    process.env.AGY_TEST_PRICE = " price_123 ";
    expect(readNamedVariable("AGY_TEST_PRICE")).toBe("price_123");
    expect(readNamedVariable("AGY_TEST_UNSET")).toBeUndefined();
    expect(() => readNamedVariable("lower; rm")).toThrowError(/Invalid variable name/);
    delete process.env.AGY_TEST_PRICE;
  });
});

describe("catalog file", () => {
  it("defaults to the demo catalog outside production only", () => {
    expect(parseEnv({}).CATALOG_FILE).toBe("db/seed/demo-catalog.json");
    const production = parseEnv({
      APP_ENV: "production",
      SESSION_SECRET: "s".repeat(32),
      LICENSE_SECRET: "l".repeat(32),
      LICENSE_SIGNING_KEY: "k",
    });
    expect(production.CATALOG_FILE).toBeUndefined();
  });
});
