import { handleOwnerRequest } from "@/app/api/v1/owner-route";
import { parseInput } from "@/lib/errors";
import { readJsonBody } from "@/lib/http";
import { resolvePaymentMismatch, ResolvePaymentMismatchInputSchema } from "@/services/provisioning";

const ResolveBodySchema = ResolvePaymentMismatchInputSchema.omit({ mismatchId: true });

/**
 * Owner: `{ resolution: "accept" | "refund" }` for a held payment → 200 with it decided; 409 when
 * it was decided already or can no longer be; 422 names a bad field.
 */
export function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return handleOwnerRequest(request, async () => {
    const { id } = await params;
    const { resolution } = await readJsonBody(request, ResolveBodySchema);
    const input = parseInput(ResolvePaymentMismatchInputSchema, { mismatchId: id, resolution });
    return Response.json(await resolvePaymentMismatch(input));
  });
}
