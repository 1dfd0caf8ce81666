import { errorResponse } from "@/lib/errors";
import { getLicenseJwks } from "@/services/license";
import { limitByIp } from "@/app/api/v1/rate-limits";

export const dynamic = "force-dynamic";

/** The public keys that verify license certificates, including retired ones still in use. */
export async function GET(request: Request): Promise<Response> {
  try {
    const limited = await limitByIp(request, "licenses");
    if (limited) return limited;
    return Response.json(await getLicenseJwks(), { headers: { "cache-control": "public, max-age=300" } });
  } catch (error) {
    return errorResponse(error);
  }
}
