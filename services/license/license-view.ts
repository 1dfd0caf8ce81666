import type { Environment, License } from "@/db/schema";
import { licenseStatusAt, type LicenseStatus } from "@/services/license/license-status";

/** What the public API says about a license: nothing about the buyer. */
export interface LicenseView {
  key: string;
  status: LicenseStatus;
  product: string;
  expiresAt: string;
  activationLimit: number;
  /** `test` for a license paid with test money (a provider's test mode, the simulated provider). */
  environment: Environment;
}

export interface LicenseViewSource {
  license: Pick<License, "key" | "status" | "expiresAt" | "activationLimit" | "environment">;
  productSlug: string;
}

export function toLicenseView({ license, productSlug }: LicenseViewSource, now: Date): LicenseView {
  return {
    key: license.key,
    status: licenseStatusAt(license, now),
    product: productSlug,
    expiresAt: license.expiresAt.toISOString(),
    activationLimit: license.activationLimit,
    environment: license.environment,
  };
}
