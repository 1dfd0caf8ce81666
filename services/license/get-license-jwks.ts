import { gt } from "drizzle-orm";
import { getDb, type Executor } from "@/db/client";
import { licenseSigningKeys } from "@/db/schema";
import { getEnv } from "@/lib/env";
import { ensureSigningKeyRegistered, SIGNING_TOUCH_INTERVAL_MS } from "@/services/license/signing-key";

export interface Jwks {
  keys: Record<string, string>[];
}

/**
 * The public keys that verify certificates still in date: this process's key, and every key that
 * signed within one certificate lifetime (plus the touch interval, since signing is recorded
 * only every few minutes).
 */
export async function getLicenseJwks(now = new Date(), db: Executor = getDb()): Promise<Jwks> {
  const current = await ensureSigningKeyRegistered(db);
  const lifetimeMs = getEnv().LICENSE_CERTIFICATE_TTL_DAYS * 86_400_000 + SIGNING_TOUCH_INTERVAL_MS;
  const rows = await db
    .select({ publicJwk: licenseSigningKeys.publicJwk })
    .from(licenseSigningKeys)
    .where(gt(licenseSigningKeys.lastSignedAt, new Date(now.getTime() - lifetimeMs)))
    .orderBy(licenseSigningKeys.createdAt);
  const others = rows.map((row) => row.publicJwk).filter((jwk) => jwk.kid !== current.kid);
  return { keys: [current.publicJwk as Record<string, string>, ...others] };
}
