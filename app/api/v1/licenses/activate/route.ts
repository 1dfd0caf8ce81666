import { activateLicense, ActivateLicenseInputSchema } from "@/services/license";
import { handleLicenseRequest } from "@/app/api/v1/licenses/license-route";

/** Binds a license to a domain and a machine: 201 with a certificate, or 409/403 with the reason. */
export function POST(request: Request): Promise<Response> {
  return handleLicenseRequest(request, ActivateLicenseInputSchema, async (input) =>
    Response.json(await activateLicense(input), { status: 201 }),
  );
}
