import { z } from "zod";
import { defineRoute } from "@/app/door";
import { getEnv } from "@/lib/env";
import { toAppError } from "@/lib/errors";
import { getLogger } from "@/lib/logger";
import { captureOrder } from "@/services/payment";

const ReturnQuerySchema = z.object({ order: z.uuid({ message: "must be an order id" }) });

/**
 * Where PayPal sends the buyer back after approving a one-time order: capture it (retried inside,
 * never twice), then show the order. A capture that fails still lands on the order's page, which says so.
 */
export const GET = defineRoute({
  access: "public",
  limit: "payments",
  query: ReturnQuerySchema,
  async handle({ query, requestId }) {
    const page = new URL(`/checkout/success?order=${query.order}`, getEnv().APP_URL);
    try {
      await captureOrder(query.order);
    } catch (error) {
      const appError = toAppError(error);
      getLogger().warn({ requestId, orderId: query.order, err: error }, "PayPal capture on return failed");
      page.searchParams.set("capture", appError.code === "refused" ? "not_needed" : "failed");
    }
    return new Response(null, { status: 303, headers: { location: page.href } });
  },
});
