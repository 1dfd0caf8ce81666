import { defineRoute, IdParamsSchema } from "@/app/door";
import { cancelSubscription } from "@/services/payment";

/** Owner: stops a subscription renewing (at period end where the provider can) → 200 with when it ends. */
export const POST = defineRoute({
  access: "owner:write",
  limit: "owner",
  audit: { action: "subscription.cancel", target: ({ params }) => params.id },
  params: IdParamsSchema,
  handle: ({ params }) => cancelSubscription(params.id),
});
