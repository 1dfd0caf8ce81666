import { getEnv } from "@/lib/env";
import { AppError, errorResponse } from "@/lib/errors";
import { clientIp } from "@/lib/http";
import { createRateLimiter, type RateLimitDecision, type RateLimiter } from "@/lib/rate-limit";

const limiters = new Map<string, RateLimiter>();

/** One limiter per name, made on first use: its counters are shared by every request of that kind. */
export function getRateLimiter(name: string, perMinute: number): RateLimiter {
  let limiter = limiters.get(name);
  if (!limiter) {
    limiter = createRateLimiter({ name, perMinute });
    limiters.set(name, limiter);
  }
  return limiter;
}

export function tooManyRequests(decision: RateLimitDecision): Response {
  return errorResponse(new AppError("rate_limited", "Rate limit reached"), {
    "retry-after": String(decision.retryAfterSeconds),
  });
}

/**
 * The per-IP limit every public endpoint has (RATE_LIMIT_PER_IP_PER_MINUTE), counted per `name`,
 * checked before anything is read: a 429 response, or null to go on.
 */
export async function limitByIp(request: Request, name: string): Promise<Response | null> {
  const env = getEnv();
  const decision = await getRateLimiter(`${name}-ip`, env.RATE_LIMIT_PER_IP_PER_MINUTE).consume(
    clientIp(request.headers, env.TRUSTED_PROXY_HOPS),
  );
  return decision.allowed ? null : tooManyRequests(decision);
}
