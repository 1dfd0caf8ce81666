import { limitByIp } from "@/app/api/v1/rate-limits";
import { errorResponse } from "@/lib/errors";
import { readJsonBody } from "@/lib/http";
import { captureOrder, CaptureOrderInputSchema } from "@/services/payment";

/** `{ orderId }` of an approved PayPal order → 200 with the capture; retried inside on transient failures. */
export async function POST(request: Request): Promise<Response> {
  try {
    const limited = await limitByIp(request, "payments");
    if (limited) return limited;
    const { orderId } = await readJsonBody(request, CaptureOrderInputSchema);
    return Response.json(await captureOrder(orderId));
  } catch (error) {
    return errorResponse(error);
  }
}
