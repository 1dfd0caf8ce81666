import { defineRoute, IdParamsSchema } from "@/app/door";
import { resolvePaymentMismatch, ResolvePaymentMismatchInputSchema } from "@/services/provisioning";

/**
 * Owner: `{ resolution: "accept" | "refund" }` for a held payment → 200 with it decided; 409 when
 * it was decided already or can no longer be; 422 names a bad field.
 */
export const POST = defineRoute({
  access: "owner:write",
  limit: "owner",
  audit: { action: "payment_mismatch.resolve", target: ({ params }) => params.id },
  params: IdParamsSchema,
  body: ResolvePaymentMismatchInputSchema.pick({ resolution: true }),
  handle: ({ params, body }) => resolvePaymentMismatch({ mismatchId: params.id, resolution: body.resolution }),
});
