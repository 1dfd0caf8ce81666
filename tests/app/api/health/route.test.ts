import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/health/route";
import { setProcessEnv } from "@/lib/env";
import { redisUrl } from "@/tests/support/services";
import { setupTestDatabase } from "@/tests/support/test-database";

const database = setupTestDatabase();
const OWNER_API_KEY = `owner-${randomUUID()}-${randomUUID()}`;

const ask = (headers: Record<string, string> = {}) =>
  GET(new Request("http://localhost/api/health", { headers: { "x-forwarded-for": "192.0.2.10", ...headers } }));

describe("GET /api/health", () => {
  it("tells anyone whether it is up and what is reachable, and nothing of its setup", async () => {
    const response = await ask();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ok", database: { reachable: true }, queue: { reachable: true } });
  });

  it("tells the owner the engines and providers too; a wrong key is just anonymous", async () => {
    setProcessEnv({ OWNER_API_KEY });
    const owner = (await (await ask({ authorization: `Bearer ${OWNER_API_KEY}` })).json()) as Record<string, unknown>;
    expect(owner).toMatchObject({ status: "ok", database: { engine: database.current.engine, reachable: true } });
    expect(owner.providers).toHaveProperty("simulated");
    const stranger = (await (await ask({ authorization: "Bearer guess" })).json()) as Record<string, unknown>;
    expect(stranger).not.toHaveProperty("providers");
  });

  it("answers 503 while the queue is unreachable", async () => {
    setProcessEnv({ REDIS_URL: "redis://127.0.0.1:1" });
    try {
      const response = await ask();
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ status: "degraded", queue: { reachable: false } });
    } finally {
      setProcessEnv({ REDIS_URL: redisUrl });
    }
  });
});
