import { handleOwnerRequest } from "@/app/api/v1/owner-route";
import { parseInput } from "@/lib/errors";
import { ListPaymentMismatchesInputSchema, listPaymentMismatches } from "@/services/provisioning";

export const dynamic = "force-dynamic";

/** Owner: payments held because they did not match their orders (`?status=open|accepted|refunded|all`, `?limit=`) → 200. */
export function GET(request: Request): Promise<Response> {
  return handleOwnerRequest(request, async () => {
    const { searchParams } = new URL(request.url);
    const query = parseInput(ListPaymentMismatchesInputSchema, {
      status: searchParams.get("status") ?? undefined,
      limit: searchParams.get("limit") ?? undefined,
    });
    return Response.json({ mismatches: await listPaymentMismatches(query) });
  });
}
