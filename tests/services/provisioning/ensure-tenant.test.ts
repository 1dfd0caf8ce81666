import { describe, expect, it } from "vitest";
import { ensureTenant } from "@/services/provisioning/ensure-tenant";
import { createTenant } from "@/tests/support/license-fixtures";
import { setupTestDatabase } from "@/tests/support/test-database";

const database = setupTestDatabase();
const db = () => database.current.connection.db;

describe("ensureTenant", () => {
  it("creates a tenant once per email, at once too, and claims a free domain", async () => {
    const tenants = await Promise.all(
      ["Once@Example.com", "once@example.com", "ONCE@example.com"].map((email) =>
        ensureTenant(db(), { email, domain: "once.example" }),
      ),
    );
    expect(new Set(tenants.map((t) => t.id)).size).toBe(1);
    expect((await ensureTenant(db(), { email: "once@example.com", domain: null })).domain).toBe("once.example");
  });

  it("leaves a domain another tenant holds, and keeps a tenant's first domain", async () => {
    await ensureTenant(db(), { email: "holder@example.com", domain: "held.example" });
    const other = await ensureTenant(db(), { email: "other@example.com", domain: "held.example" });
    expect(other.domain).toBeNull();
    const again = await ensureTenant(db(), { email: "holder@example.com", domain: "new.example" });
    expect(again.domain).toBe("held.example");
  });

  it("draws another code when one is taken, and gives up after ten", async () => {
    const taken = await createTenant(db());
    const codes = [taken.code, taken.code, "FRESH1"];
    const tenant = await ensureTenant(db(), { email: "coded@example.com", domain: null }, () => codes.shift()!);
    expect(tenant.code).toBe("FRESH1");
    const error = await ensureTenant(db(), { email: "unlucky@example.com", domain: null }, () => taken.code).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ message: expect.stringMatching(/No free tenant code after 10 attempts/) });
  });
});
