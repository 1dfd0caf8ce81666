import path from "node:path";
import { z } from "zod";

/**
 * The only reader of `process.env`. Every variable is parsed once with zod; a bad value becomes
 * one line naming the variable and what it expects, which start-up prints before exiting.
 */

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const secret = optionalText.refine((value) => value === undefined || value.length >= 32, {
  message: "must be at least 32 characters",
});

const postgresUrl = optionalText.refine((value) => value === undefined || /^postgres(ql)?:\/\/[^\s]+$/.test(value), {
  message: "must be a postgres:// or postgresql:// connection URL",
});

const redisUrl = optionalText.refine((value) => value === undefined || /^rediss?:\/\/[^\s]+$/.test(value), {
  message: "must be a redis:// or rediss:// URL",
});

const flag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((value) => (value === undefined || value === "" ? undefined : value === "true" || value === "1"));

// PayPal serves webhook signing certificates from its API hosts; no other host is trusted.
const PAYPAL_CERT_HOSTS = "api.paypal.com,api-m.paypal.com,api.sandbox.paypal.com,api-m.sandbox.paypal.com";

export const DEMO_CATALOG_FILE = "db/seed/demo-catalog.json";

export const EnvSchema = z
  .object({
    // NODE_ENV is Next's build switch (`next start` forces "production"); APP_ENV is the deployment
    // stage: production makes secrets mandatory and PayPal live.
    APP_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    APP_URL: optionalText.pipe(z.url({ message: "must be an absolute http(s) URL" }).optional()),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    DATA_DIR: z.string().trim().min(1).default(".data"),
    DATABASE_URL: postgresUrl,
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    REDIS_URL: redisUrl,
    CATALOG_FILE: optionalText,
    /** What "today" and "this month" mean in the console, the books and `cc`: an IANA timezone. */
    REPORTING_TIMEZONE: z
      .string()
      .trim()
      .default("UTC")
      .refine(isTimeZone, { message: "must be an IANA timezone such as UTC or Asia/Ho_Chi_Minh" }),
    SESSION_SECRET: secret,
    LICENSE_SECRET: secret,
    LICENSE_SIGNING_KEY: optionalText,
    /** The owner's API key for owner endpoints (refunds, cancellations) until dashboard login exists. */
    OWNER_API_KEY: secret,
    /**
     * The simulated provider: on by default only where no money is at stake (outside production,
     * with no real provider configured); set it to turn it on beside real providers, or off.
     */
    SIMULATED_PROVIDER: flag,
    // A second switch for the same thing once existed; a leftover one must not be silently ignored.
    PAYMENTS_SIMULATED: optionalText.refine((value) => value === undefined, {
      message: "is no longer read: set SIMULATED_PROVIDER instead",
    }),
    SIMULATED_WEBHOOK_SECRET: secret,
    STRIPE_SECRET_KEY: optionalText.refine((v) => v === undefined || /^(sk|rk)_(test|live)_/.test(v), {
      message: "must be a Stripe secret key (sk_test_…, sk_live_…, rk_…)",
    }),
    /** Another origin for Stripe's API (a proxy); Stripe's own when unset. */
    STRIPE_API_BASE: optionalText.pipe(z.url({ message: "must be an absolute http(s) URL" }).optional()),
    STRIPE_WEBHOOK_SECRET: optionalText.refine((v) => v === undefined || v.startsWith("whsec_"), {
      message: "must be a Stripe webhook signing secret (whsec_…)",
    }),
    PAYPAL_CLIENT_ID: optionalText,
    PAYPAL_CLIENT_SECRET: optionalText,
    PAYPAL_WEBHOOK_ID: optionalText,
    PAYPAL_ENVIRONMENT: z.enum(["sandbox", "live"]).optional(),
    GUMROAD_SELLER_ID: optionalText,
    GUMROAD_PING_TOKEN: secret,
    /** For Gumroad refunds and sale lookups; checkout works without it. */
    GUMROAD_ACCESS_TOKEN: optionalText,
    LICENSE_DEACTIVATIONS_PER_30_DAYS: z.coerce.number().int().min(0).max(1000).default(3),
    LICENSE_CERTIFICATE_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    /** The first wait before retrying a provider call that failed in passing (it doubles each time). */
    PAYMENT_RETRY_BASE_MS: z.coerce.number().int().min(0).max(60_000).default(500),
    /** How long after a payment it can still be refunded, for every provider. */
    REFUND_WINDOW_DAYS: z.coerce.number().int().min(0).max(3650).default(180),
    RATE_LIMIT_PER_IP_PER_MINUTE: z.coerce.number().int().min(1).default(100),
    RATE_LIMIT_PER_LICENSE_PER_MINUTE: z.coerce.number().int().min(1).default(30),
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    WEBHOOK_TOLERANCE_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
    PAYPAL_CERT_HOSTS: z
      .string()
      .default(PAYPAL_CERT_HOSTS)
      .transform((value) => value.split(",").map((host) => host.trim().toLowerCase()))
      .pipe(z.array(z.string().regex(/^[a-z0-9.-]+(:\d{1,5})?$/, { message: "must be host names, comma-separated" }))),
    QUEUE_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,40}$/, { message: "must be letters, digits, - or _" })
      .default("agencyos"),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(200),
    /** Webhook events a worker applies in one transaction at most (1: one at a time). */
    PROVISIONING_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(100),
    JOB_BACKOFF_MS: z.coerce.number().int().min(1).max(600_000).default(1_000),
    JOB_LOCK_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  })
  .superRefine((env, ctx) => {
    const requireTogether = (names: (keyof typeof env)[], provider: string) => {
      const given = names.filter((name) => env[name] !== undefined);
      if (given.length === 0 || given.length === names.length) return;
      for (const name of names.filter((n) => env[n] === undefined)) {
        ctx.addIssue({ code: "custom", path: [name], message: `is required when ${provider} is configured` });
      }
    };
    requireTogether(["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"], "Stripe");
    requireTogether(["PAYPAL_CLIENT_ID", "PAYPAL_CLIENT_SECRET", "PAYPAL_WEBHOOK_ID"], "PayPal");
    requireTogether(["GUMROAD_SELLER_ID", "GUMROAD_PING_TOKEN"], "Gumroad");
    if (env.APP_ENV === "production") {
      for (const name of ["SESSION_SECRET", "LICENSE_SECRET", "LICENSE_SIGNING_KEY"] as const) {
        if (env[name] === undefined) {
          ctx.addIssue({ code: "custom", path: [name], message: "is required in production" });
        }
      }
      if (env.SIMULATED_PROVIDER === true && env.SIMULATED_WEBHOOK_SECRET === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["SIMULATED_WEBHOOK_SECRET"],
          message: "is required in production when SIMULATED_PROVIDER is on",
        });
      }
    }
  })
  .transform((env) => {
    const production = env.APP_ENV === "production";
    const realProvider = Boolean(env.STRIPE_SECRET_KEY || env.PAYPAL_CLIENT_ID || env.GUMROAD_SELLER_ID);
    const { PAYMENTS_SIMULATED: _replaced, ...rest } = env;
    return {
      ...rest,
      APP_URL: env.APP_URL ?? `http://localhost:${env.PORT}`,
      // The demo catalog is for trying the app out; production seeds only a catalog it is given.
      CATALOG_FILE: env.CATALOG_FILE ?? (production ? undefined : DEMO_CATALOG_FILE),
      DATA_DIR: path.resolve(env.DATA_DIR),
      SIMULATED_PROVIDER: env.SIMULATED_PROVIDER ?? (!production && !realProvider),
      PAYPAL_ENVIRONMENT: env.PAYPAL_ENVIRONMENT ?? (production ? "live" : "sandbox"),
    };
  });

export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {
  override readonly name = "EnvError";
}

/** Parses a set of variables; throws EnvError whose message is one line naming each bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join(".")} ${describe(issue)}`);
  throw new EnvError(`Invalid configuration: ${problems.join("; ")}`);
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === "custom") return issue.message;
  if (issue.code === "invalid_value") return `must be one of ${issue.values.map(String).join(", ")}`;
  return `is invalid: ${issue.message}`;
}

let cached: Env | undefined;

/** The process's configuration, parsed on first use. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Forgets the parsed configuration so the next `getEnv()` reads the environment again (tests). */
export function resetEnv(): void {
  cached = undefined;
}

/** Environment for a child process: this process's variables with some replaced or removed. */
export function childProcessEnv(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** Sets variables in this process (tests and the launcher before spawning children). */
export function setProcessEnv(overrides: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetEnv();
}

const VARIABLE_NAME = /^[A-Z][A-Z0-9_]*$/;

/**
 * Reads one variable that configuration data names (a catalog's `{ "env": "STRIPE_PRICE_PRO" }`),
 * so ids can live in the environment instead of files. Blank counts as unset.
 */
export function readNamedVariable(name: string): string | undefined {
  if (!VARIABLE_NAME.test(name)) throw new EnvError(`Invalid variable name: ${name}`);
  const value = process.env[name]?.trim();
  return value ? value : undefined;
}
