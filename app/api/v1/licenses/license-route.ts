import type { z } from "zod";
import { getEnv } from "@/lib/env";
import { AppError, errorResponse } from "@/lib/errors";
import { clientIp, readJsonBody } from "@/lib/http";
import { createRateLimiter, type RateLimitDecision, type RateLimiter } from "@/lib/rate-limit";
import { canonicalizeLicenseKey } from "@/services/license";

let limiters: { perIp: RateLimiter; perLicense: RateLimiter } | undefined;

function getLimiters() {
  const env = getEnv();
  limiters ??= {
    perIp: createRateLimiter({ name: "licenses-ip", perMinute: env.RATE_LIMIT_PER_IP_PER_MINUTE }),
    perLicense: createRateLimiter({ name: "licenses-key", perMinute: env.RATE_LIMIT_PER_LICENSE_PER_MINUTE }),
  };
  return limiters;
}

function tooManyRequests(decision: RateLimitDecision): Response {
  return errorResponse(new AppError("rate_limited", "Rate limit reached"), {
    "retry-after": String(decision.retryAfterSeconds),
  });
}

/** Rate limit per IP, before anything else is read. */
export async function limitByIp(request: Request): Promise<Response | null> {
  const decision = await getLimiters().perIp.consume(clientIp(request.headers, getEnv().TRUSTED_PROXY_HOPS));
  return decision.allowed ? null : tooManyRequests(decision);
}

/**
 * The shape of every public license endpoint: limit per IP before anything is read, read and
 * validate the small body (422 naming the field), limit per license key, run the service; errors
 * map through the one status table.
 */
export async function handleLicenseRequest<T extends z.ZodType<{ key: string }>>(
  request: Request,
  schema: T,
  run: (input: z.infer<T>) => Promise<Response>,
): Promise<Response> {
  try {
    const limited = await limitByIp(request);
    if (limited) return limited;
    const input = await readJsonBody(request, schema);
    const decision = await getLimiters().perLicense.consume(canonicalizeLicenseKey(input.key));
    if (!decision.allowed) return tooManyRequests(decision);
    return await run(input);
  } catch (error) {
    return errorResponse(error);
  }
}
