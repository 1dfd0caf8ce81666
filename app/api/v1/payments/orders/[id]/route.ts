import { AppError, errorResponse } from "@/lib/errors";
import { findCheckoutOrder } from "@/services/payment";

export const dynamic = "force-dynamic";

/** The order's status, for the buyer's page to poll while provisioning runs. Never the license key. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    const { id } = await params;
    const found = await findCheckoutOrder(id);
    if (!found) throw new AppError("not_found", `No checkout order ${id}`, { userMessage: "There is no such order." });
    return Response.json(
      { orderId: found.order.id, status: found.order.status },
      { headers: { "cache-control": "no-store" } },
    );
  } catch (error) {
    return errorResponse(error);
  }
}
