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
  const decision = await getLimiters().perIp.consume(clientIp(request.headers));
  return decision.allowed ? null : tooManyRequests(decision);
}

/**
 * The shape of every public license endpoint: read and validate the small body, charge the caller's
 * IP and the license key in one Redis round trip (the two commands are pipelined), answer 429 if
 * either is spent, 422 naming the field for a bad body, else run the service; errors map through
 * the one status table.
 */
export async function handleLicenseRequest<T extends z.ZodType<{ key: string }>>(
  request: Request,
  schema: T,
  run: (input: z.infer<T>) => Promise<Response>,
): Promise<Response> {
  try {
    const body = await readJsonBody(request, schema).then(
      (input) => ({ input }),
      (error: unknown) => ({ error }),
    );
    const { perIp, perLicense } = getLimiters();
    const [byIp, byLicense] = await Promise.all([
      perIp.consume(clientIp(request.headers)),
      "input" in body ? perLicense.consume(canonicalizeLicenseKey(body.input.key)) : null,
    ]);
    if (!byIp.allowed) return tooManyRequests(byIp);
    if ("error" in body) return errorResponse(body.error);
    if (byLicense && !byLicense.allowed) return tooManyRequests(byLicense);
    return await run(body.input);
  } catch (error) {
    return errorResponse(error);
  }
}
