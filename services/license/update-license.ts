import { and, eq, ne } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { licenses, type BillingInterval, type License } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { renewedExpiry } from "@/services/license/license-term";

async function getLicense(db: Executor, licenseId: string, forUpdate = false): Promise<License> {
  const query = db.select().from(licenses).where(eq(licenses.id, licenseId));
  const [license] = await (forUpdate ? query.for("update") : query);
  if (!license) throw new AppError("not_found", `License ${licenseId} not found`);
  return license;
}

/**
 * A renewal: extends the license from its current expiry by the period paid (a year adds 365
 * days), never from today. Reads and writes under one row lock, so concurrent renewals each count.
 * Not idempotent: call once per paid renewal.
 */
export function extendLicense(db: Executor, licenseId: string, interval: BillingInterval): Promise<License> {
  return db.transaction(async (tx) => {
    const current = await getLicense(tx, licenseId, true);
    const [license] = await tx
      .update(licenses)
      .set({ expiresAt: renewedExpiry(current.expiresAt, interval) })
      .where(eq(licenses.id, licenseId))
      .returning();
    return license!;
  });
}

/**
 * Sets a status unless the license is revoked: revocation is final, so a refund or dispute that
 * arrives after it changes nothing. The guard is in the UPDATE itself, so no race can undo it.
 */
async function setStatusUnlessRevoked(
  db: Executor,
  licenseId: string,
  status: "active" | "suspended",
  statusReason: string | null,
): Promise<License> {
  const [license] = await db
    .update(licenses)
    .set({ status, statusReason })
    .where(and(eq(licenses.id, licenseId), ne(licenses.status, "revoked")))
    .returning();
  return license ?? getLicense(db, licenseId);
}

/** A refund or an open dispute: the license stops working until reinstated. Idempotent. */
export function suspendLicense(db: Executor, licenseId: string, reason: string): Promise<License> {
  return setStatusUnlessRevoked(db, licenseId, "suspended", reason);
}

/** A dispute won: a suspended license works again (until its expiry). Revoked ones stay revoked. */
export function reinstateLicense(db: Executor, licenseId: string): Promise<License> {
  return setStatusUnlessRevoked(db, licenseId, "active", null);
}

/** The owner's decision: permanent. Idempotent. */
export async function revokeLicense(db: Executor, licenseId: string, reason: string): Promise<License> {
  const [license] = await db
    .update(licenses)
    .set({ status: "revoked", statusReason: reason })
    .where(eq(licenses.id, licenseId))
    .returning();
  if (!license) throw new AppError("not_found", `License ${licenseId} not found`);
  return license;
}
