import { handleOwnerRequest } from "@/app/api/v1/owner-route";
import { cancelSubscription } from "@/services/payment";

/** Owner: stops a subscription renewing (at period end where the provider can) → 200 with when it ends. */
export function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return handleOwnerRequest(request, async () => {
    const { id } = await params;
    return Response.json(await cancelSubscription(id));
  });
}
