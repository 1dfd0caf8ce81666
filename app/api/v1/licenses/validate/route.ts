import { validateLicense, ValidateLicenseInputSchema } from "@/services/license";
import { handleLicenseRequest } from "@/app/api/v1/licenses/license-route";

/** Always 200 for a well-formed request: `{ valid, reason?, license?, certificate? }`. */
export function POST(request: Request): Promise<Response> {
  return handleLicenseRequest(request, ValidateLicenseInputSchema, async (input) =>
    Response.json(await validateLicense(input)),
  );
}
