import { limitByIp } from "@/app/api/v1/rate-limits";
import { errorResponse } from "@/lib/errors";
import { readJsonBody } from "@/lib/http";
import { createCheckoutSession, CreatePaypalOrderInputSchema } from "@/services/payment";

/**
 * For PayPal's buttons: `{ productSlug, email, domain? }` → 201 `{ orderId, paypalOrderId, url }`;
 * the buttons approve `paypalOrderId`, then `capture-order` takes the money.
 */
export async function POST(request: Request): Promise<Response> {
  try {
    const limited = await limitByIp(request, "payments");
    if (limited) return limited;
    const input = await readJsonBody(request, CreatePaypalOrderInputSchema);
    const session = await createCheckoutSession({ ...input, provider: "paypal" });
    return Response.json(
      {
        orderId: session.orderId,
        paypalOrderId: session.providerCheckoutId,
        url: session.url,
        provider: session.provider,
      },
      { status: 201 },
    );
  } catch (error) {
    return errorResponse(error);
  }
}
