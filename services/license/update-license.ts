import { eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { licenses, type BillingInterval, type License } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { renewedExpiry } from "@/services/license/license-term";

async function updateLicense(db: Executor, licenseId: string, set: Partial<License>): Promise<License> {
  const [license] = await db.update(licenses).set(set).where(eq(licenses.id, licenseId)).returning();
  if (!license) throw new AppError("not_found", `License ${licenseId} not found`);
  return license;
}

/**
 * A renewal: extends the license from its current expiry by the period paid (a year adds 365
 * days), never from today. Not idempotent: call once per paid renewal.
 */
export async function extendLicense(db: Executor, licenseId: string, interval: BillingInterval): Promise<License> {
  const [current] = await db.select().from(licenses).where(eq(licenses.id, licenseId)).for("update");
  if (!current) throw new AppError("not_found", `License ${licenseId} not found`);
  return updateLicense(db, licenseId, { expiresAt: renewedExpiry(current.expiresAt, interval) });
}

/** A refund or an open dispute: the license stops working until reinstated. Idempotent. */
export function suspendLicense(db: Executor, licenseId: string, reason: string): Promise<License> {
  return updateLicense(db, licenseId, { status: "suspended", statusReason: reason });
}

/** A dispute won: a suspended license works again (until its expiry). Revoked ones stay revoked. */
export async function reinstateLicense(db: Executor, licenseId: string): Promise<License> {
  const [current] = await db.select().from(licenses).where(eq(licenses.id, licenseId)).for("update");
  if (!current) throw new AppError("not_found", `License ${licenseId} not found`);
  if (current.status === "revoked") return current;
  return updateLicense(db, licenseId, { status: "active", statusReason: null });
}

/** The owner's decision: permanent. Idempotent. */
export function revokeLicense(db: Executor, licenseId: string, reason: string): Promise<License> {
  return updateLicense(db, licenseId, { status: "revoked", statusReason: reason });
}
