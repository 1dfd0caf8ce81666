import { getSecret } from "@/lib/secrets";
import { verifyLicenseKey, type LicenseKeyParts } from "@/services/license/license-key";
import { licenseRefusal } from "@/services/license/license-refusal";

/** The key's parts, or an `invalid_key` refusal: thrown before any lookup, so it reveals nothing. */
export function verifiedKeyOrRefuse(input: string): LicenseKeyParts {
  const parts = verifyLicenseKey(input, getSecret("LICENSE_SECRET"));
  if (!parts) throw licenseRefusal("invalid_key");
  return parts;
}
