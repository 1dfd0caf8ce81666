import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getSecret } from "@/lib/secrets";
import { activateLicense, formatLicenseKey, revokeLicense, suspendLicense, validateLicense } from "@/services/license";
import { createLicense } from "@/tests/support/license-fixtures";
import { createEmbeddedDatabase, setupTestDatabase, type TestDatabase } from "@/tests/support/test-database";

const database = setupTestDatabase();
const NOW = new Date("2026-11-25T10:00:00.000Z");

async function activatedLicense() {
  const { db } = database.current.connection;
  const created = await createLicense(db, { activationLimit: 2, now: NOW });
  await activateLicense({ key: created.license.key, domain: "shop.example", fingerprint: "fp-1" }, { db, now: NOW });
  return created;
}

describe("validateLicense", () => {
  it("is valid with a certificate when domain and fingerprint match an activation", async () => {
    const { db } = database.current.connection;
    const { license } = await activatedLicense();
    const result = await validateLicense(
      { key: license.key, domain: "shop.example", fingerprint: "fp-1" },
      { db, now: NOW },
    );
    expect(result).toMatchObject({ valid: true, license: { key: license.key, status: "active" } });
    expect(result.certificate).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it("says a test license is one, in its answer and in its certificate, so production software can refuse it", async () => {
    const { db } = database.current.connection;
    const live = await activatedLicense();
    const test = await createLicense(db, { environment: "test", now: NOW });
    const binding = { domain: "shop.example", fingerprint: "fp-1" };
    await activateLicense({ key: test.license.key, ...binding }, { db, now: NOW });
    for (const [{ license }, environment] of [
      [live, "live"],
      [test, "test"],
    ] as const) {
      const result = await validateLicense({ key: license.key, ...binding }, { db, now: NOW });
      expect(result).toMatchObject({ valid: true, license: { environment } });
      expect(decodeJwt(result.certificate!)).toMatchObject({ key: license.key, environment });
    }
  });

  it("reuses a certificate for five minutes, then signs a new one", async () => {
    const { db } = database.current.connection;
    const { license } = await activatedLicense();
    const input = { key: license.key, domain: "shop.example", fingerprint: "fp-1" };
    const first = await validateLicense(input, { db, now: NOW });
    const soon = await validateLicense(input, { db, now: new Date(NOW.getTime() + 60_000) });
    const later = await validateLicense(input, { db, now: new Date(NOW.getTime() + 5 * 60_000) });
    expect(soon.certificate).toBe(first.certificate);
    expect(later.certificate).not.toBe(first.certificate);
    expect(decodeJwt(later.certificate!).iat).toBe(NOW.getTime() / 1000 + 300);
  });

  it("is valid without a certificate for the key alone, or half a binding", async () => {
    const { db } = database.current.connection;
    const { license } = await activatedLicense();
    expect(await validateLicense({ key: license.key }, { db, now: NOW })).toEqual({
      valid: true,
      license: expect.objectContaining({ key: license.key }),
    });
    const byDomain = await validateLicense({ key: license.key, domain: "shop.example" }, { db, now: NOW });
    expect(byDomain.valid).toBe(true);
    expect(byDomain.certificate).toBeUndefined();
  });

  it("answers each reason code", async () => {
    const { db } = database.current.connection;
    const { license } = await activatedLicense();
    const reason = async (input: Parameters<typeof validateLicense>[0], now = NOW) =>
      (await validateLicense(input, { db, now })).reason;

    expect(await reason({ key: "AGY-NOPE" })).toBe("invalid_key");
    expect(await reason({ key: formatLicenseKey("ZZZZ", 1, getSecret("LICENSE_SECRET")) })).toBe("not_found");
    expect(await reason({ key: license.key, domain: "other.example", fingerprint: "fp-1" })).toBe("domain_mismatch");
    expect(await reason({ key: license.key, domain: "shop.example", fingerprint: "fp-2" })).toBe(
      "fingerprint_mismatch",
    );
    expect(await reason({ key: license.key, fingerprint: "fp-2" })).toBe("fingerprint_mismatch");
    expect(await reason({ key: license.key }, license.expiresAt)).toBe("expired");

    const fresh = await createLicense(db, { now: NOW });
    expect(await reason({ key: fresh.license.key, domain: "shop.example", fingerprint: "fp-1" })).toBe("not_activated");
    await suspendLicense(db, fresh.license.id, "refund");
    expect(await reason({ key: fresh.license.key })).toBe("suspended");
    await revokeLicense(db, fresh.license.id, "owner");
    const revoked = await validateLicense({ key: fresh.license.key }, { db, now: NOW });
    expect(revoked).toMatchObject({ valid: false, reason: "revoked", license: { status: "revoked" } });
  });

  it("never reveals whether a similar key exists", async () => {
    const { db } = database.current.connection;
    const { license } = await activatedLicense();
    const similar = `${license.key.slice(0, -1)}${license.key.endsWith("0") ? "1" : "0"}`;
    expect(await validateLicense({ key: similar }, { db, now: NOW })).toEqual({ valid: false, reason: "invalid_key" });
  });
});

// Concurrent validations share one query; on both engines (the embedded one serves every
// connection from one PGlite session, so statement names must not collide there).
describe.each([
  ["the configured database", () => Promise.resolve(database.current), false],
  ["the embedded database", () => createEmbeddedDatabase(), true],
])("concurrent validations on %s", (_name, open, owned) => {
  let opened: TestDatabase;
  beforeAll(async () => {
    opened = await open();
  });
  afterAll(() => (owned ? opened.drop() : undefined));

  it("answers each with its own license, in one query", async () => {
    const { db, pool } = opened.connection;
    const activated = async () => {
      const created = await createLicense(db, { activationLimit: 2, now: NOW });
      await activateLicense(
        { key: created.license.key, domain: "shop.example", fingerprint: "fp-1" },
        { db, now: NOW },
      );
      return created;
    };
    const two = [await activated(), await activated()];
    const unknown = formatLicenseKey("ZZZZ", 2, getSecret("LICENSE_SECRET"));
    const queries = vi.spyOn(pool, "query");
    const inputs = [
      { key: two[0]!.license.key, domain: "shop.example", fingerprint: "fp-1" },
      { key: unknown },
      { key: two[1]!.license.key, domain: "other.example" },
      { key: two[0]!.license.key },
    ];
    const results = await Promise.all(inputs.map((input) => validateLicense(input, { db, now: NOW })));
    expect(queries).toHaveBeenCalledTimes(1);
    queries.mockRestore();
    expect(results.map((r) => [r.valid, r.reason ?? null, r.license?.key ?? null])).toEqual([
      [true, null, two[0]!.license.key],
      [false, "not_found", null],
      [false, "domain_mismatch", two[1]!.license.key],
      [true, null, two[0]!.license.key],
    ]);
    expect(results[0]!.certificate).toBeDefined();
    // Again, on another connection while the first is busy, then on the first again.
    const busy = await pool.connect();
    const elsewhere = await Promise.all(inputs.map((input) => validateLicense(input, { db, now: NOW })));
    busy.release();
    const again = await Promise.all(inputs.map((input) => validateLicense(input, { db, now: NOW })));
    expect(elsewhere.map((r) => r.valid)).toEqual([true, false, false, true]);
    expect(again.map((r) => r.valid)).toEqual([true, false, false, true]);
  });
});
