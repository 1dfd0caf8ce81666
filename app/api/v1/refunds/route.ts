import { handleOwnerRequest } from "@/app/api/v1/owner-route";
import { readJsonBody } from "@/lib/http";
import { refundPayment, RefundInputSchema } from "@/services/payment";

/** Owner: `{ transactionId, amountMinor? }` → 201 with the refund; 422 names a bad field or an over-refund. */
export function POST(request: Request): Promise<Response> {
  return handleOwnerRequest(request, async () => {
    const input = await readJsonBody(request, RefundInputSchema);
    return Response.json(await refundPayment(input), { status: 201 });
  });
}
