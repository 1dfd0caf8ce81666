import { limitByIp } from "@/app/api/v1/rate-limits";
import { errorResponse } from "@/lib/errors";
import { readJsonBody } from "@/lib/http";
import { createCheckoutSession, CreateCheckoutInputSchema } from "@/services/payment";

/**
 * Starts a checkout: `{ productSlug, provider, email, domain?, currency? }` → 201
 * `{ orderId, url, provider }`; the buyer is sent to `url`. 422 names a bad field, 404 an unknown
 * product, 503 the setting an unconfigured provider lacks, 429 past the per-IP limit.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    const limited = await limitByIp(request, "payments");
    if (limited) return limited;
    const input = await readJsonBody(request, CreateCheckoutInputSchema);
    return Response.json(await createCheckoutSession(input), { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
