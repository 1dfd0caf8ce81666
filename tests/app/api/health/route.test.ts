import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/health/route";
import { setProcessEnv } from "@/lib/env";
import { redisUrl } from "@/tests/support/services";
import { setupTestDatabase } from "@/tests/support/test-database";

const database = setupTestDatabase();

describe("GET /api/health", () => {
  it("answers 200 with the engine of the configured database", async () => {
    const response = await GET();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as { status: string; database: { engine: string } };
    expect(body.status).toBe("ok");
    expect(body.database.engine).toBe(database.current.engine);
  });

  it("answers 503 while the queue is unreachable", async () => {
    setProcessEnv({ REDIS_URL: "redis://127.0.0.1:1" });
    try {
      const response = await GET();
      expect(response.status).toBe(503);
      expect(((await response.json()) as { status: string }).status).toBe("degraded");
    } finally {
      setProcessEnv({ REDIS_URL: redisUrl });
    }
  });
});
