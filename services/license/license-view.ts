import { licenseStatusAt, type LicenseStatus } from "@/services/license/license-status";
import type { LicenseRecord } from "@/services/license/find-license";

/** What the public API says about a license: nothing about the buyer. */
export interface LicenseView {
  key: string;
  status: LicenseStatus;
  product: string;
  expiresAt: string;
  activationLimit: number;
}

export function toLicenseView({ license, productSlug }: LicenseRecord, now: Date): LicenseView {
  return {
    key: license.key,
    status: licenseStatusAt(license, now),
    product: productSlug,
    expiresAt: license.expiresAt.toISOString(),
    activationLimit: license.activationLimit,
  };
}
