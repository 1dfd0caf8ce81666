import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { licenses } from "@/db/schema";
import { getSecret } from "@/lib/secrets";
import {
  extendLicense,
  formatLicenseKey,
  issueLicense,
  reinstateLicense,
  revokeLicense,
  suspendLicense,
  verifyLicenseKey,
} from "@/services/license";
import { MAX_KEY_ATTEMPTS } from "@/services/license/issue-license";
import { createProduct, createTenant } from "@/tests/support/license-fixtures";
import { setupTestDatabase } from "@/tests/support/test-database";

const database = setupTestDatabase();
const NOW = new Date("2026-11-25T10:00:00.000Z");
const DAY = 86_400_000;

describe("issueLicense", () => {
  it("issues a one-time license for 365 days, keyed to the tenant, with the product's seats", async () => {
    const { db } = database.current.connection;
    const tenant = await createTenant(db, { code: "ANA7" });
    const product = await createProduct(db, { activationLimit: 3 });
    const license = await issueLicense(db, {
      tenantId: tenant.id,
      productId: product.id,
      environment: "live",
      now: NOW,
    });
    expect(license.expiresAt.getTime() - NOW.getTime()).toBe(365 * DAY);
    expect(license.activationLimit).toBe(3);
    expect(license.status).toBe("active");
    expect(verifyLicenseKey(license.key, getSecret("LICENSE_SECRET"))).toEqual({
      key: license.key,
      tenantCode: "ANA7",
      issuedAtMs: NOW.getTime(),
    });
  });

  it("runs a subscription license to the end of the paid period", async () => {
    const { db } = database.current.connection;
    const tenant = await createTenant(db);
    const monthly = await createProduct(db, { kind: "subscription", billingInterval: "month" });
    const paidThrough = new Date("2026-12-25T10:00:00.000Z");
    const license = await issueLicense(db, {
      tenantId: tenant.id,
      productId: monthly.id,
      environment: "live",
      paidThrough,
      now: NOW,
    });
    expect(license.expiresAt).toEqual(paidThrough);
    const defaulted = await issueLicense(db, {
      tenantId: tenant.id,
      productId: monthly.id,
      environment: "live",
      now: NOW,
    });
    expect(defaulted.expiresAt).toEqual(new Date("2026-12-25T10:00:00.000Z"));
  });

  it("takes the next millisecond when a key is taken", async () => {
    const { db } = database.current.connection;
    const tenant = await createTenant(db);
    const product = await createProduct(db);
    const issued = [];
    for (let i = 0; i < 3; i++)
      issued.push(
        await issueLicense(db, { tenantId: tenant.id, productId: product.id, environment: "live", now: NOW }),
      );
    expect(new Set(issued.map((l) => l.key)).size).toBe(3);
    expect(issued.map((l) => l.issuedAt.getTime() - NOW.getTime())).toEqual([0, 1, 2]);
  });

  it("gives up when every nearby millisecond is taken", async () => {
    const { db } = database.current.connection;
    const tenant = await createTenant(db);
    const product = await createProduct(db);
    const secret = getSecret("LICENSE_SECRET");
    await db.insert(licenses).values(
      Array.from({ length: MAX_KEY_ATTEMPTS }, (_, i) => ({
        key: formatLicenseKey(tenant.code, NOW.getTime() + i, secret),
        tenantId: tenant.id,
        productId: product.id,
        environment: "live" as const,
        issuedAt: NOW,
        expiresAt: NOW,
      })),
    );
    await expect(
      issueLicense(db, { tenantId: tenant.id, productId: product.id, environment: "live", now: NOW }),
    ).rejects.toMatchObject({
      code: "conflict",
    });
  });

  it("refuses unknown tenants and products", async () => {
    const { db } = database.current.connection;
    const tenant = await createTenant(db);
    const product = await createProduct(db);
    const missing = "00000000-0000-4000-8000-000000000000";
    await expect(
      issueLicense(db, { tenantId: missing, productId: product.id, environment: "live" }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(
      issueLicense(db, { tenantId: tenant.id, productId: missing, environment: "live" }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
  });
});

/** An annual subscription's license, paid through `paidThrough`. */
async function annualLicense(paidThrough: Date) {
  const { db } = database.current.connection;
  const tenant = await createTenant(db);
  const annual = await createProduct(db, { kind: "subscription", billingInterval: "year" });
  return issueLicense(db, { tenantId: tenant.id, productId: annual.id, environment: "live", paidThrough, now: NOW });
}

describe("license lifecycle", () => {
  it("extends from the current expiry by the period paid", async () => {
    const { db } = database.current.connection;
    const license = await annualLicense(new Date("2027-01-31T00:00:00.000Z"));
    const year = await extendLicense(db, license.id, "year");
    expect(year.expiresAt).toEqual(new Date("2028-01-31T00:00:00.000Z"));
    const month = await extendLicense(db, license.id, "month");
    expect(month.expiresAt).toEqual(new Date("2028-02-29T00:00:00.000Z"));
  });

  it("counts every one of concurrent renewals", async () => {
    const { db } = database.current.connection;
    const paidThrough = new Date("2027-01-01T00:00:00.000Z");
    const license = await annualLicense(paidThrough);
    await Promise.all([1, 2, 3].map(() => extendLicense(db, license.id, "year")));
    const [row] = await db.select().from(licenses).where(eq(licenses.id, license.id));
    expect(row!.expiresAt.getTime() - paidThrough.getTime()).toBe(3 * 365 * DAY);
  });

  it("suspends, reinstates and revokes; revocation is final", async () => {
    const { db } = database.current.connection;
    const tenant = await createTenant(db);
    const product = await createProduct(db);
    const license = await issueLicense(db, {
      tenantId: tenant.id,
      productId: product.id,
      environment: "live",
      now: NOW,
    });
    expect(await suspendLicense(db, license.id, "refund re_1")).toMatchObject({
      status: "suspended",
      statusReason: "refund re_1",
    });
    expect(await reinstateLicense(db, license.id)).toMatchObject({ status: "active", statusReason: null });
    expect(await revokeLicense(db, license.id, "owner")).toMatchObject({ status: "revoked" });
    expect(await reinstateLicense(db, license.id)).toMatchObject({ status: "revoked" });
    // A refund or dispute arriving after revocation must not open a way back to active.
    expect(await suspendLicense(db, license.id, "late refund")).toMatchObject({
      status: "revoked",
      statusReason: "owner",
    });
    expect(await reinstateLicense(db, license.id)).toMatchObject({ status: "revoked" });
  });

  it("says when the license does not exist", async () => {
    const { db } = database.current.connection;
    const missing = "00000000-0000-4000-8000-000000000000";
    await expect(extendLicense(db, missing, "year")).rejects.toMatchObject({ code: "not_found" });
    await expect(reinstateLicense(db, missing)).rejects.toMatchObject({ code: "not_found" });
    await expect(suspendLicense(db, missing, "x")).rejects.toMatchObject({ code: "not_found" });
    await expect(revokeLicense(db, missing, "x")).rejects.toMatchObject({ code: "not_found" });
  });
});
