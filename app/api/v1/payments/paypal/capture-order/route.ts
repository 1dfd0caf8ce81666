import { defineRoute } from "@/app/door";
import { captureOrder, CaptureOrderInputSchema } from "@/services/payment";

/** `{ orderId }` of an approved PayPal order → 200 with the capture; retried inside on transient failures. */
export const POST = defineRoute({
  access: "public",
  limit: "payments",
  body: CaptureOrderInputSchema,
  handle: ({ body }) => captureOrder(body.orderId),
});
