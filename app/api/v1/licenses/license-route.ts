import type { z } from "zod";
import { getRateLimiter, limitByIp, tooManyRequests } from "@/app/api/v1/rate-limits";
import { getEnv } from "@/lib/env";
import { errorResponse } from "@/lib/errors";
import { readJsonBody } from "@/lib/http";
import { canonicalizeLicenseKey } from "@/services/license";

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
    const limited = await limitByIp(request, "licenses");
    if (limited) return limited;
    const input = await readJsonBody(request, schema);
    const perLicense = getRateLimiter("licenses-key", getEnv().RATE_LIMIT_PER_LICENSE_PER_MINUTE);
    const decision = await perLicense.consume(canonicalizeLicenseKey(input.key));
    if (!decision.allowed) return tooManyRequests(decision);
    return await run(input);
  } catch (error) {
    return errorResponse(error);
  }
}
