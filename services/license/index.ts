export { activateLicense, type ActivationResult } from "@/services/license/activate-license";
export { deactivateLicense, type DeactivationResult } from "@/services/license/deactivate-license";
export { getLicenseJwks, type Jwks } from "@/services/license/get-license-jwks";
export { issueLicense, issueLicenses, type IssueLicenseInput } from "@/services/license/issue-license";
export {
  ActivateLicenseInputSchema,
  DeactivateLicenseInputSchema,
  ValidateLicenseInputSchema,
  type ActivateLicenseInput,
  type DeactivateLicenseInput,
  type ValidateLicenseInput,
} from "@/services/license/license-api.schema";
export {
  canonicalizeLicenseKey,
  formatLicenseKey,
  isWellFormedLicenseKey,
  verifyLicenseKey,
} from "@/services/license/license-key";
export { LICENSE_REASONS, licenseRefusal, type LicenseReason } from "@/services/license/license-refusal";
export { licenseStatusAt, type LicenseStatus } from "@/services/license/license-status";
export { addBillingPeriod, LICENSE_TERM_DAYS, renewedExpiry } from "@/services/license/license-term";
export { extendLicense, reinstateLicense, revokeLicense, suspendLicense } from "@/services/license/update-license";
export { validateLicense, type ValidationResult } from "@/services/license/validate-license";
