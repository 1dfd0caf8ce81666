import type { License } from "@/db/schema";

export type LicenseStatus = "active" | "suspended" | "expired" | "revoked";

/**
 * What a license is at `now`. Expiry is derived from `expiresAt` (expired from that instant on), so
 * no job has to flip it; revocation and suspension outrank expiry.
 */
export function licenseStatusAt(license: Pick<License, "status" | "expiresAt">, now: Date): LicenseStatus {
  if (license.status === "revoked") return "revoked";
  if (license.status === "suspended") return "suspended";
  return now.getTime() >= license.expiresAt.getTime() ? "expired" : "active";
}
