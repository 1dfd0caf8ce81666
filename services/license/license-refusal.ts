import { AppError } from "@/lib/errors";

/** Stable reason codes of the public license API; clients may switch on them. */
export const LICENSE_REASONS = [
  "invalid_key",
  "not_found",
  "expired",
  "suspended",
  "revoked",
  "not_activated",
  "domain_mismatch",
  "fingerprint_mismatch",
  "activation_limit_reached",
  "deactivation_limit_reached",
] as const;

export type LicenseReason = (typeof LICENSE_REASONS)[number];

const MESSAGES: Record<LicenseReason, string> = {
  invalid_key: "The license key is not valid.",
  not_found: "No license has this key.",
  expired: "The license has expired.",
  suspended: "The license is suspended.",
  revoked: "The license has been revoked.",
  not_activated: "The license is not activated there.",
  domain_mismatch: "The license is activated for another domain.",
  fingerprint_mismatch: "The license is activated on another machine.",
  activation_limit_reached: "Every activation of this license is in use.",
  deactivation_limit_reached: "Too many deactivations in the last 30 days.",
};

/** Suspended and revoked licenses are forbidden (403); every other refusal is a conflict (409). */
export function licenseRefusal(reason: LicenseReason): AppError {
  const code = reason === "suspended" || reason === "revoked" ? "forbidden" : "refused";
  return new AppError(code, `License refused: ${reason}`, {
    publicCode: reason,
    userMessage: MESSAGES[reason],
  });
}
