import { getDb, type Database } from "@/db/client";
import { getSecret } from "@/lib/secrets";
import type { ValidateLicenseInput } from "@/services/license/license-api.schema";
import { certificateFor } from "@/services/license/certificate-cache";
import { verifyLicenseKey } from "@/services/license/license-key";
import type { LicenseReason } from "@/services/license/license-refusal";
import { licenseStatusAt } from "@/services/license/license-status";
import { toLicenseView, type LicenseView } from "@/services/license/license-view";
import { findLicenseForValidation } from "@/services/license/find-license-for-validation";

export interface ValidationResult {
  valid: boolean;
  reason?: LicenseReason;
  license?: LicenseView;
  certificate?: string;
}

/**
 * Answers whether a license is good, and, given a domain and/or fingerprint, whether it is
 * activated there; a full match comes with a fresh certificate. Never throws a refusal: the reason
 * is in the answer. Read-only.
 */
export async function validateLicense(
  input: ValidateLicenseInput,
  options: { now?: Date; db?: Database } = {},
): Promise<ValidationResult> {
  const now = options.now ?? new Date();
  const db = options.db ?? getDb();
  const parts = verifyLicenseKey(input.key, getSecret("LICENSE_SECRET"));
  if (!parts) return { valid: false, reason: "invalid_key" };
  const record = await findLicenseForValidation(db.$client, parts.key);
  if (!record) return { valid: false, reason: "not_found" };
  const license = toLicenseView(record, now);
  const status = licenseStatusAt(record.license, now);
  if (status !== "active") return { valid: false, reason: status, license };
  if (input.domain === undefined && input.fingerprint === undefined) return { valid: true, license };

  const { activations } = record;
  const matches = activations.filter(
    (a) =>
      (input.domain === undefined || a.domain === input.domain) &&
      (input.fingerprint === undefined || a.fingerprint === input.fingerprint),
  );
  const match = matches[0];
  if (!match) return { valid: false, reason: mismatchReason(activations, input), license };
  if (input.domain === undefined || input.fingerprint === undefined) return { valid: true, license };

  const certificate = await certificateFor(
    db,
    {
      ...match,
      key: record.license.key,
      tenant: record.tenantCode,
      product: record.productSlug,
      environment: record.license.environment,
      licenseExpiresAt: record.license.expiresAt,
    },
    now,
  );
  return { valid: true, license, certificate };
}

function mismatchReason(activations: { domain: string }[], input: ValidateLicenseInput): LicenseReason {
  if (activations.length === 0) return "not_activated";
  if (input.domain !== undefined && !activations.some((a) => a.domain === input.domain)) return "domain_mismatch";
  return "fingerprint_mismatch";
}
