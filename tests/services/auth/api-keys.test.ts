import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiKeys, auditEvents } from "@/db/schema";
import { createApiKey, findApiKey, listApiKeys, revokeApiKey } from "@/services/auth";
import { setupTestDatabase } from "@/tests/support/test-database";

const database = setupTestDatabase();
const db = () => database.current.connection.db;
const owner = { actor: "session" as const, ip: "192.0.2.9" };

describe("API keys", () => {
  it("are shown once, kept only as a hash, found by the key and marked when used", async () => {
    const { apiKey, key } = await createApiKey(db(), { name: "reporting", scope: "read" }, owner);
    expect(key).toMatch(/^agy_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).not.toHaveProperty("keyHash");
    const [stored] = await db().select().from(apiKeys).where(eq(apiKeys.id, apiKey.id));
    expect(stored!.keyHash).not.toContain(key);
    expect(stored!.prefix).toBe(key.slice(0, 12));
    expect(stored!.lastUsedAt).toBeNull();

    const found = await findApiKey(db(), key);
    expect(found).toMatchObject({ id: apiKey.id, scope: "read", name: "reporting" });
    expect(found!.lastUsedAt).toBeInstanceOf(Date);
    expect(await findApiKey(db(), `${key}x`)).toBeNull();
    expect(await findApiKey(db(), "not-ours")).toBeNull();
    expect((await listApiKeys(db())).map((listed) => listed.id)).toContain(apiKey.id);
  });

  it("stop answering once revoked, and every change leaves a line in the record", async () => {
    const { apiKey, key } = await createApiKey(db(), { name: "deploy", scope: "write" }, owner);
    const revoked = await revokeApiKey(db(), apiKey.id, owner);
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await findApiKey(db(), key)).toBeNull();
    expect((await revokeApiKey(db(), apiKey.id, owner)).revokedAt).toEqual(revoked.revokedAt);
    await expect(revokeApiKey(db(), "00000000-0000-4000-8000-000000000000", owner)).rejects.toMatchObject({
      code: "not_found",
    });
    const lines = await db().select().from(auditEvents).where(eq(auditEvents.target, apiKey.id));
    expect(lines.map((line) => line.action).sort()).toEqual(["api_key.create", "api_key.revoke"]);
    expect(lines[0]).toMatchObject({ actor: "session", ip: "192.0.2.9" });
  });
});
