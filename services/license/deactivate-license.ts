import { and, count, eq, gt, inArray, isNull } from "drizzle-orm";
import { getDb, type Database } from "@/db/client";
import { licenseActivations } from "@/db/schema";
import { getEnv } from "@/lib/env";
import type { DeactivateLicenseInput } from "@/services/license/license-api.schema";
import { licenseRefusal } from "@/services/license/license-refusal";
import { addDays } from "@/services/license/license-term";
import { toLicenseView, type LicenseView } from "@/services/license/license-view";
import { findLicenseByKey } from "@/services/license/find-license";
import { verifiedKeyOrRefuse } from "@/services/license/verified-key";

export interface DeactivationResult {
  deactivated: string[];
  license: LicenseView;
}

/**
 * Frees the seat(s) of one activation (by id) or of every activation on one fingerprint. At most
 * LICENSE_DEACTIVATIONS_PER_30_DAYS per license in any 30 days, so a seat cannot be passed around
 * by cycling activate/deactivate. Refused with `not_activated` when nothing matches.
 */
export async function deactivateLicense(
  input: DeactivateLicenseInput,
  options: { now?: Date; db?: Database } = {},
): Promise<DeactivationResult> {
  const now = options.now ?? new Date();
  const db = options.db ?? getDb();
  const parts = verifiedKeyOrRefuse(input.key);

  return db.transaction(async (tx) => {
    const record = await findLicenseByKey(tx, parts.key, { forUpdate: true });
    if (!record) throw licenseRefusal("not_found");
    const ofLicense = eq(licenseActivations.licenseId, record.license.id);
    const targets = await tx
      .select({ id: licenseActivations.id })
      .from(licenseActivations)
      .where(
        and(
          ofLicense,
          isNull(licenseActivations.deactivatedAt),
          input.activationId !== undefined ? eq(licenseActivations.id, input.activationId) : undefined,
          input.fingerprint !== undefined ? eq(licenseActivations.fingerprint, input.fingerprint) : undefined,
        ),
      );
    if (targets.length === 0) throw licenseRefusal("not_activated");

    const [recent] = await tx
      .select({ n: count() })
      .from(licenseActivations)
      .where(and(ofLicense, gt(licenseActivations.deactivatedAt, addDays(now, -30))));
    if ((recent?.n ?? 0) + targets.length > getEnv().LICENSE_DEACTIVATIONS_PER_30_DAYS) {
      throw licenseRefusal("deactivation_limit_reached");
    }
    const ids = targets.map((target) => target.id);
    await tx.update(licenseActivations).set({ deactivatedAt: now }).where(inArray(licenseActivations.id, ids));
    return { deactivated: ids, license: toLicenseView(record, now) };
  });
}
