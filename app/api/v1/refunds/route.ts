import { defineRoute } from "@/app/door";
import { refundPayment, RefundInputSchema } from "@/services/payment";

/** Owner: `{ transactionId, amountMinor? }` → 201 with the refund; 422 names a bad field or an over-refund. */
export const POST = defineRoute({
  access: "owner:write",
  limit: "owner",
  audit: { action: "payment.refund", target: ({ body }) => body.transactionId },
  body: RefundInputSchema,
  status: 201,
  handle: ({ body }) => refundPayment(body),
});
