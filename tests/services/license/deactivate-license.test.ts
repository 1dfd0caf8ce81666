import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { licenses } from "@/db/schema";
import { setProcessEnv } from "@/lib/env";
import { activateLicense, deactivateLicense, validateLicense } from "@/services/license";
import { createLicense } from "@/tests/support/license-fixtures";
import { setupTestDatabase } from "@/tests/support/test-database";

const database = setupTestDatabase();
const NOW = new Date("2026-11-25T10:00:00.000Z");
const DAY = 86_400_000;

describe("deactivateLicense", () => {
  it("frees the seat by activation id or by fingerprint", async () => {
    const { db } = database.current.connection;
    const { license } = await createLicense(db, { now: NOW });
    const first = await activateLicense(
      { key: license.key, domain: "a.example", fingerprint: "fp-a" },
      { db, now: NOW },
    );
    const freed = await deactivateLicense({ key: license.key, activationId: first.activationId }, { db, now: NOW });
    expect(freed.deactivated).toEqual([first.activationId]);
    expect(
      (await validateLicense({ key: license.key, domain: "a.example", fingerprint: "fp-a" }, { db, now: NOW })).reason,
    ).toBe("not_activated");

    await activateLicense({ key: license.key, domain: "b.example", fingerprint: "fp-b" }, { db, now: NOW });
    const byFingerprint = await deactivateLicense({ key: license.key, fingerprint: "fp-b" }, { db, now: NOW });
    expect(byFingerprint.deactivated).toHaveLength(1);
    await activateLicense({ key: license.key, domain: "c.example", fingerprint: "fp-c" }, { db, now: NOW });
  });

  it("refuses what is not activated, and invalid or unknown keys", async () => {
    const { db } = database.current.connection;
    const { license } = await createLicense(db, { now: NOW });
    await expect(deactivateLicense({ key: license.key, fingerprint: "nope" }, { db, now: NOW })).rejects.toMatchObject({
      publicCode: "not_activated",
    });
    await expect(deactivateLicense({ key: "AGY-X", fingerprint: "x" }, { db, now: NOW })).rejects.toMatchObject({
      publicCode: "invalid_key",
    });
    const other = await createLicense(db, { now: NOW });
    await db.delete(licenses).where(eq(licenses.id, other.license.id));
    await expect(
      deactivateLicense({ key: other.license.key, fingerprint: "x" }, { db, now: NOW }),
    ).rejects.toMatchObject({
      publicCode: "not_found",
    });
  });

  it("allows at most N deactivations in any 30 days", async () => {
    const { db } = database.current.connection;
    setProcessEnv({ LICENSE_DEACTIVATIONS_PER_30_DAYS: "2" });
    try {
      const { license } = await createLicense(db, { now: NOW });
      const cycle = async (day: number) => {
        const at = new Date(NOW.getTime() + day * DAY);
        await activateLicense({ key: license.key, domain: "a.example", fingerprint: `fp-${day}` }, { db, now: at });
        return deactivateLicense({ key: license.key, fingerprint: `fp-${day}` }, { db, now: at });
      };
      await cycle(0);
      await cycle(1);
      await expect(cycle(2)).rejects.toMatchObject({ code: "refused", publicCode: "deactivation_limit_reached" });
      // The seat stays taken, and 30 days after the first deactivation one more is allowed.
      await expect(
        deactivateLicense({ key: license.key, fingerprint: "fp-2" }, { db, now: new Date(NOW.getTime() + 30 * DAY) }),
      ).resolves.toMatchObject({
        deactivated: [expect.any(String)],
      });
    } finally {
      setProcessEnv({ LICENSE_DEACTIVATIONS_PER_30_DAYS: undefined });
    }
  });
});
