import { defineRoute } from "@/app/door";
import { ListPaymentMismatchesInputSchema, listPaymentMismatches } from "@/services/provisioning";

export const dynamic = "force-dynamic";

/** Owner: payments held because they did not match their orders (`?status=open|accepted|refunded|all`, `?limit=`) → 200. */
export const GET = defineRoute({
  access: "owner:read",
  limit: "owner",
  query: ListPaymentMismatchesInputSchema,
  handle: async ({ query }) => ({ mismatches: await listPaymentMismatches(query) }),
});
