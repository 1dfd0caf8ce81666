import { and, count, eq, isNull } from "drizzle-orm";
import { getDb, type Database } from "@/db/client";
import { licenseActivations } from "@/db/schema";
import type { ActivateLicenseInput } from "@/services/license/license-api.schema";
import { signLicenseCertificate } from "@/services/license/license-certificate";
import { licenseRefusal } from "@/services/license/license-refusal";
import { licenseStatusAt } from "@/services/license/license-status";
import { toLicenseView, type LicenseView } from "@/services/license/license-view";
import { findLicenseByKey } from "@/services/license/find-license";
import { verifiedKeyOrRefuse } from "@/services/license/verified-key";

export interface ActivationResult {
  activationId: string;
  license: LicenseView;
  certificate: string;
}

/**
 * Binds a license to one domain and one hardware fingerprint. Re-activating the same pair returns
 * the same activation. The license row is locked for the check-and-insert, so two simultaneous
 * activations of a one-seat license cannot both win. Throws a license refusal (409, or 403 for
 * suspended and revoked licenses).
 */
export async function activateLicense(
  input: ActivateLicenseInput,
  options: { now?: Date; db?: Database } = {},
): Promise<ActivationResult> {
  const now = options.now ?? new Date();
  const db = options.db ?? getDb();
  const parts = verifiedKeyOrRefuse(input.key);

  const { record, activationId } = await db.transaction(async (tx) => {
    const found = await findLicenseByKey(tx, parts.key, { forUpdate: true });
    if (!found) throw licenseRefusal("not_found");
    const status = licenseStatusAt(found.license, now);
    if (status !== "active") throw licenseRefusal(status);

    const active = and(eq(licenseActivations.licenseId, found.license.id), isNull(licenseActivations.deactivatedAt));
    const [existing] = await tx
      .select({ id: licenseActivations.id })
      .from(licenseActivations)
      .where(
        and(active, eq(licenseActivations.domain, input.domain), eq(licenseActivations.fingerprint, input.fingerprint)),
      );
    if (existing) return { record: found, activationId: existing.id };

    const [seats] = await tx.select({ used: count() }).from(licenseActivations).where(active);
    if ((seats?.used ?? 0) >= found.license.activationLimit) throw licenseRefusal("activation_limit_reached");
    const [created] = await tx
      .insert(licenseActivations)
      .values({ licenseId: found.license.id, domain: input.domain, fingerprint: input.fingerprint, activatedAt: now })
      .returning({ id: licenseActivations.id });
    return { record: found, activationId: created!.id };
  });

  const certificate = await signLicenseCertificate(
    db,
    {
      key: record.license.key,
      tenant: record.tenantCode,
      product: record.productSlug,
      domain: input.domain,
      fingerprint: input.fingerprint,
      environment: record.license.environment,
      licenseExpiresAt: record.license.expiresAt,
    },
    now,
  );
  return { activationId, license: toLicenseView(record, now), certificate };
}
