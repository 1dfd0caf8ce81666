import { deactivateLicense, DeactivateLicenseInputSchema } from "@/services/license";
import { handleLicenseRequest } from "@/app/api/v1/licenses/license-route";

/** Frees one activation (by id) or those of one fingerprint. */
export function POST(request: Request): Promise<Response> {
  return handleLicenseRequest(request, DeactivateLicenseInputSchema, async (input) =>
    Response.json(await deactivateLicense(input)),
  );
}
