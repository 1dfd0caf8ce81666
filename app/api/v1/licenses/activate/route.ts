import { defineRoute, enforceLicenseKeyLimit } from "@/app/door";
import { activateLicense, ActivateLicenseInputSchema } from "@/services/license";

/** Binds a license to a domain and a machine: 201 with a certificate, or 409/403 with the reason. */
export const POST = defineRoute({
  access: "public",
  limit: "licenses",
  body: ActivateLicenseInputSchema,
  status: 201,
  async handle({ body, ip }) {
    await enforceLicenseKeyLimit(ip, body.key);
    return activateLicense(body);
  },
});
