import { gt, isNull, or } from "drizzle-orm";
import { getDb, type Executor } from "@/db/client";
import { licenseSigningKeys } from "@/db/schema";
import { getEnv } from "@/lib/env";
import { addDays } from "@/services/license/license-term";
import { ensureSigningKeyRegistered } from "@/services/license/signing-key";

export interface Jwks {
  keys: Record<string, string>[];
}

/**
 * The public keys that verify certificates still in date: the current key, and retired keys for
 * one certificate lifetime after their retirement.
 */
export async function getLicenseJwks(now = new Date(), db: Executor = getDb()): Promise<Jwks> {
  await ensureSigningKeyRegistered(db);
  const oldestLiveRetirement = addDays(now, -getEnv().LICENSE_CERTIFICATE_TTL_DAYS);
  const rows = await db
    .select({ publicJwk: licenseSigningKeys.publicJwk })
    .from(licenseSigningKeys)
    .where(or(isNull(licenseSigningKeys.retiredAt), gt(licenseSigningKeys.retiredAt, oldestLiveRetirement)))
    .orderBy(licenseSigningKeys.createdAt);
  return { keys: rows.map((row) => row.publicJwk) };
}
