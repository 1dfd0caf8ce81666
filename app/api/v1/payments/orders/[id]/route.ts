import { defineRoute, IdParamsSchema } from "@/app/door";
import { AppError } from "@/lib/errors";
import { findCheckoutOrder } from "@/services/payment";

export const dynamic = "force-dynamic";

/** The order's status, for the buyer's page to poll while provisioning runs. Never the license key. */
export const GET = defineRoute({
  access: "public",
  limit: "orders",
  params: IdParamsSchema,
  headers: { "cache-control": "no-store" },
  async handle({ params }) {
    const found = await findCheckoutOrder(params.id);
    if (!found)
      throw new AppError("not_found", `No checkout order ${params.id}`, { userMessage: "There is no such order." });
    return { orderId: found.order.id, status: found.order.status };
  },
});
