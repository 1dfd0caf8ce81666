import { defineRoute } from "@/app/door";
import { createCheckoutSession, CreatePaypalOrderInputSchema } from "@/services/payment";

/**
 * For PayPal's buttons: `{ productSlug, email, domain? }` → 201 `{ orderId, paypalOrderId, url }`;
 * the buttons approve `paypalOrderId`, then `capture-order` takes the money.
 */
export const POST = defineRoute({
  access: "public",
  limit: "payments",
  body: CreatePaypalOrderInputSchema,
  status: 201,
  async handle({ body }) {
    const session = await createCheckoutSession({ ...body, provider: "paypal" });
    return {
      orderId: session.orderId,
      paypalOrderId: session.providerCheckoutId,
      url: session.url,
      provider: session.provider,
    };
  },
});
