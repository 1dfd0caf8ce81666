import { getEnv } from "@/lib/env";
import { toAppError } from "@/lib/errors";
import { getLogger } from "@/lib/logger";
import { captureOrder } from "@/services/payment";

/**
 * Where PayPal sends the buyer back after approving a one-time order: capture it (retried inside,
 * never twice), then show the order. A capture that fails still lands on the order's page, which says so.
 */
export async function GET(request: Request): Promise<Response> {
  const orderId = new URL(request.url).searchParams.get("order") ?? "";
  const page = new URL(`/checkout/success?order=${encodeURIComponent(orderId)}`, getEnv().APP_URL);
  try {
    await captureOrder(orderId);
  } catch (error) {
    const appError = toAppError(error);
    getLogger().warn({ orderId, err: error }, "PayPal capture on return failed");
    page.searchParams.set("capture", appError.code === "refused" ? "not_needed" : "failed");
  }
  return Response.redirect(page, 303);
}
