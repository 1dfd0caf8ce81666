import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { rateLimitSubject } from "@/lib/http";
import { createRateLimiter, type RateLimiter } from "@/lib/rate-limit";
import { canonicalizeLicenseKey, isWellFormedLicenseKey } from "@/services/license";

/**
 * The per-IP buckets (RATE_LIMIT_PER_IP_PER_MINUTE each). Doors that start one piece of work share
 * a bucket whatever their shape: the checkout form's action and the checkout API count together.
 */
export type LimitName = "payments" | "orders" | "licenses" | "owner" | "health";

const limiters = new Map<string, RateLimiter>();

function getRateLimiter(name: string, perMinute: number): RateLimiter {
  let limiter = limiters.get(name);
  if (!limiter) {
    limiter = createRateLimiter({ name, perMinute });
    limiters.set(name, limiter);
  }
  return limiter;
}

async function consume(limiter: RateLimiter, key: string): Promise<void> {
  const decision = await limiter.consume(key);
  if (decision.allowed) return;
  throw new AppError("rate_limited", "Rate limit reached", {
    userMessage: `Too many requests; try again in ${decision.retryAfterSeconds} seconds.`,
    details: { retryAfterSeconds: decision.retryAfterSeconds },
  });
}

/** Spends one request of `ip` (its /64 for IPv6) from bucket `name`; throws `rate_limited` (with `retryAfterSeconds`) past it. */
export function enforceIpLimit(name: LimitName, ip: string): Promise<void> {
  return consume(getRateLimiter(`${name}-ip`, getEnv().RATE_LIMIT_PER_IP_PER_MINUTE), rateLimitSubject(ip));
}

/**
 * RATE_LIMIT_PER_LICENSE_PER_MINUTE for one license key from one address. Counted per address and
 * key, so a stranger who knows a key spends only their own count, never its customer's; and only
 * for well-formed keys, since anything else is refused before a lookup and is already counted per IP.
 */
export async function enforceLicenseKeyLimit(ip: string, key: string): Promise<void> {
  if (!isWellFormedLicenseKey(key)) return;
  const limiter = getRateLimiter("licenses-key", getEnv().RATE_LIMIT_PER_LICENSE_PER_MINUTE);
  await consume(limiter, `${rateLimitSubject(ip)}|${canonicalizeLicenseKey(key)}`);
}
