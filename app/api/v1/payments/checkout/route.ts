import { defineRoute } from "@/app/door";
import { createCheckoutSession, CreateCheckoutInputSchema } from "@/services/payment";

/**
 * Starts a checkout: `{ productSlug, provider, email, domain?, currency? }` → 201
 * `{ orderId, url, provider }`; the buyer is sent to `url`. 422 names a bad field, 404 an unknown
 * product, 503 a provider that is not set up, 429 past the per-IP limit (shared with the checkout form).
 */
export const POST = defineRoute({
  access: "public",
  limit: "payments",
  body: CreateCheckoutInputSchema,
  status: 201,
  handle: ({ body }) => createCheckoutSession(body),
});
