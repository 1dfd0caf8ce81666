import { describe, expect, it } from "vitest";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { connectDatabase } from "@/db/client";
import { getSecret } from "@/lib/secrets";
import { activateLicense, formatLicenseKey, revokeLicense, suspendLicense } from "@/services/license";
import { createLicense } from "@/tests/support/license-fixtures";
import { missing } from "@/tests/support/services";
import { setupTestDatabase } from "@/tests/support/test-database";

const database = setupTestDatabase();
const NOW = new Date("2026-11-25T10:00:00.000Z");

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => expect.unreachable("expected a refusal"),
    (thrown: unknown) => thrown as { code: string; publicCode: string },
  );
  return { code: error.code, reason: error.publicCode };
}

describe("activateLicense", () => {
  it("binds a domain and a fingerprint and returns a signed certificate", async () => {
    const { db } = database.current.connection;
    const { license, tenant, product } = await createLicense(db, { now: NOW });
    const result = await activateLicense(
      { key: license.key.toLowerCase(), domain: "shop.example", fingerprint: "fp-1" },
      { db, now: NOW },
    );
    expect(result.license).toEqual({
      key: license.key,
      status: "active",
      product: product.slug,
      expiresAt: license.expiresAt.toISOString(),
      activationLimit: 1,
      environment: "live",
    });
    expect(decodeProtectedHeader(result.certificate)).toMatchObject({ alg: "EdDSA", kid: expect.any(String) });
    expect(decodeJwt(result.certificate)).toMatchObject({
      key: license.key,
      tenant: tenant.code,
      product: product.slug,
      domain: "shop.example",
      fingerprint: "fp-1",
      environment: "live",
      iat: NOW.getTime() / 1000,
      exp: NOW.getTime() / 1000 + 30 * 86_400,
    });
  });

  it("lets a certificate expire with a license that ends sooner than the certificate lifetime", async () => {
    const { db } = database.current.connection;
    const { license } = await createLicense(db, { now: NOW });
    const lastWeek = new Date(license.expiresAt.getTime() - 7 * 86_400_000);
    const { certificate } = await activateLicense(
      { key: license.key, domain: "a.example", fingerprint: "fp" },
      { db, now: lastWeek },
    );
    expect(decodeJwt(certificate).exp).toBe(license.expiresAt.getTime() / 1000);
  });

  it("is idempotent for the same domain and fingerprint", async () => {
    const { db } = database.current.connection;
    const { license } = await createLicense(db, { now: NOW });
    const input = { key: license.key, domain: "a.example", fingerprint: "fp" };
    const first = await activateLicense(input, { db, now: NOW });
    const again = await activateLicense(input, { db, now: NOW });
    expect(again.activationId).toBe(first.activationId);
  });

  it("refuses past the product's activation limit", async () => {
    const { db } = database.current.connection;
    const { license } = await createLicense(db, { activationLimit: 2, now: NOW });
    await activateLicense({ key: license.key, domain: "a.example", fingerprint: "1" }, { db, now: NOW });
    await activateLicense({ key: license.key, domain: "b.example", fingerprint: "2" }, { db, now: NOW });
    expect(
      await refusal(activateLicense({ key: license.key, domain: "c.example", fingerprint: "3" }, { db, now: NOW })),
    ).toEqual({ code: "refused", reason: "activation_limit_reached" });
  });

  it("refuses forged, unknown, expired, suspended and revoked licenses", async () => {
    const { db } = database.current.connection;
    const { license } = await createLicense(db, { now: NOW });
    const input = { key: license.key, domain: "a.example", fingerprint: "fp" };
    const forged = `${license.key.slice(0, -1)}${license.key.endsWith("0") ? "1" : "0"}`;
    expect(await refusal(activateLicense({ ...input, key: forged }, { db, now: NOW }))).toEqual({
      code: "refused",
      reason: "invalid_key",
    });
    const later = new Date(license.expiresAt.getTime());
    expect(await refusal(activateLicense(input, { db, now: later }))).toEqual({ code: "refused", reason: "expired" });
    await suspendLicense(db, license.id, "dispute");
    expect(await refusal(activateLicense(input, { db, now: NOW }))).toEqual({ code: "forbidden", reason: "suspended" });
    await revokeLicense(db, license.id, "owner");
    expect(await refusal(activateLicense(input, { db, now: NOW }))).toEqual({ code: "forbidden", reason: "revoked" });

    const unknown = formatLicenseKey("ZZZZ", NOW.getTime(), getSecret("LICENSE_SECRET"));
    expect(await refusal(activateLicense({ ...input, key: unknown }, { db, now: NOW }))).toEqual({
      code: "refused",
      reason: "not_found",
    });
  });

  // PGlite runs one transaction at a time, so only PostgreSQL can show the race being won.
  it.skipIf(missing("postgres"))(
    "lets exactly one of many simultaneous activations of a one-seat license win",
    async () => {
      const { license } = await createLicense(database.current.connection.db, { now: NOW });
      // Eight connections, all open before the race starts, so the transactions truly overlap.
      const racers = connectDatabase(database.current.url, database.current.engine, 8);
      await Promise.all(Array.from({ length: 8 }, () => racers.pool.query("select pg_sleep(0.05)")));
      const attempts = Array.from({ length: 8 }, (_, i) =>
        activateLicense(
          { key: license.key, domain: `site${i}.example`, fingerprint: `fp${i}` },
          { db: racers.db, now: NOW },
        ).then(
          () => "won",
          (error: { publicCode: string }) => error.publicCode,
        ),
      );
      const outcomes = await Promise.all(attempts);
      await racers.close();
      expect(outcomes.filter((o) => o === "won")).toHaveLength(1);
      expect(outcomes.filter((o) => o === "activation_limit_reached")).toHaveLength(7);
    },
  );
});
