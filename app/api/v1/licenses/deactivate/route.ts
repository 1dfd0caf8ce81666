import { defineRoute, enforceLicenseKeyLimit } from "@/app/door";
import { deactivateLicense, DeactivateLicenseInputSchema } from "@/services/license";

/** Frees one activation (by id) or those of one fingerprint. */
export const POST = defineRoute({
  access: "public",
  limit: "licenses",
  body: DeactivateLicenseInputSchema,
  async handle({ body, ip }) {
    await enforceLicenseKeyLimit(ip, body.key);
    return deactivateLicense(body);
  },
});
