import { defineRoute, enforceLicenseKeyLimit } from "@/app/door";
import { validateLicense, ValidateLicenseInputSchema } from "@/services/license";

/** Always 200 for a well-formed request: `{ valid, reason?, license?, certificate? }`. */
export const POST = defineRoute({
  access: "public",
  limit: "licenses",
  body: ValidateLicenseInputSchema,
  async handle({ body, ip }) {
    await enforceLicenseKeyLimit(ip, body.key);
    return validateLicense(body);
  },
});
