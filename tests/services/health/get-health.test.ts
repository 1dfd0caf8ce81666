import { afterEach, describe, expect, it } from "vitest";
import { connectDatabase } from "@/db/client";
import { embeddedConnectionUrl } from "@/db/embedded";
import { setProcessEnv } from "@/lib/env";
import { getHealth } from "@/services/health";
import { missing, redisUrl } from "@/tests/support/services";
import { tempDir, setupTestDatabase } from "@/tests/support/test-database";

const database = setupTestDatabase();

afterEach(() => {
  setProcessEnv({ REDIS_URL: redisUrl, STRIPE_SECRET_KEY: undefined, STRIPE_WEBHOOK_SECRET: undefined });
});

describe("getHealth", () => {
  it("reports the engine, the in-process queue and the simulated provider on the defaults", async () => {
    setProcessEnv({ REDIS_URL: undefined });
    const health = await getHealth(database.current.connection);
    expect(health.status).toBe("ok");
    expect(health.database).toMatchObject({ engine: database.current.engine, reachable: true });
    expect(health.queue).toEqual({ mode: "in-process", reachable: true });
    expect(health.providers).toEqual({
      stripe: { configured: false },
      paypal: { configured: false },
      gumroad: { configured: false },
      simulated: { configured: true, environment: "test" },
    });
  });

  it("names configured providers and their mode, never their secrets", async () => {
    setProcessEnv({ STRIPE_SECRET_KEY: "sk_live_abcdef", STRIPE_WEBHOOK_SECRET: "whsec_zyx" });
    const health = await getHealth(database.current.connection);
    expect(health.providers.stripe).toEqual({ configured: true, environment: "live" });
    expect(JSON.stringify(health)).not.toMatch(/sk_live_abcdef|whsec_zyx/);
  });

  it("is degraded when Redis does not answer", async () => {
    setProcessEnv({ REDIS_URL: "redis://127.0.0.1:1" });
    const health = await getHealth(database.current.connection);
    expect(health.status).toBe("degraded");
    expect(health.queue).toEqual({ mode: "bullmq", reachable: false });
  });

  it.skipIf(missing("redis"))("reaches a running Redis", async () => {
    setProcessEnv({ REDIS_URL: redisUrl });
    expect((await getHealth(database.current.connection)).queue).toEqual({ mode: "bullmq", reachable: true });
  });

  it("says how to start the embedded database when it is not running", async () => {
    const stopped = connectDatabase(embeddedConnectionUrl(tempDir()), "pglite", 1);
    const health = await getHealth(stopped);
    await stopped.close();
    expect(health.status).toBe("degraded");
    expect(health.database).toEqual({
      engine: "pglite",
      reachable: false,
      problem: "The embedded database is not running: start the app with `npm start`.",
    });
  });

  it("says PostgreSQL does not answer, without the URL", async () => {
    const down = connectDatabase("postgresql://agy:secret-pw@127.0.0.1:1/x", "postgresql", 1);
    const health = await getHealth(down);
    await down.close();
    expect(health.database.problem).toBe("PostgreSQL at DATABASE_URL does not answer.");
    expect(JSON.stringify(health)).not.toContain("secret-pw");
  });
});
