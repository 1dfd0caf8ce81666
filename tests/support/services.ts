/**
 * What the tests can reach. CI sets DATABASE_URL, REDIS_URL and REQUIRE_SERVICES=1; on a machine
 * without them, tests that need a service skip with a message saying what to install, except under
 * REQUIRE_SERVICES=1, where a missing service fails the run instead.
 */
export const requireServices = process.env.REQUIRE_SERVICES === "1";
export const postgresUrl = process.env.DATABASE_URL || undefined;
export const redisUrl = process.env.REDIS_URL || undefined;
export const chromiumPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

const HOW_TO_GET = {
  postgres: "PostgreSQL 15+ (set DATABASE_URL, e.g. postgresql://postgres@127.0.0.1:5432/postgres)",
  redis: "Redis (set REDIS_URL, e.g. redis://127.0.0.1:6379)",
} as const;

/**
 * True when the test should be skipped for lack of a service. Prints what to install; throws
 * under REQUIRE_SERVICES=1 so the run fails rather than silently checking nothing.
 */
export function missing(service: keyof typeof HOW_TO_GET): boolean {
  const present = service === "postgres" ? postgresUrl : redisUrl;
  if (present) return false;
  if (requireServices) throw new Error(`REQUIRE_SERVICES=1 but ${HOW_TO_GET[service]} is not configured`);
  process.stderr.write(`skipping: needs ${HOW_TO_GET[service]}\n`);
  return true;
}
