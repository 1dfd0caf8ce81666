import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { setProcessEnv } from "@/lib/env";
import { createRateLimiter } from "@/lib/rate-limit";
import { closeRedis, getRedis } from "@/lib/redis";
import { missing, redisUrl } from "@/tests/support/services";

afterEach(async () => {
  await closeRedis();
  setProcessEnv({ REDIS_URL: redisUrl });
});

async function consumeTimes(limiter: ReturnType<typeof createRateLimiter>, key: string, times: number) {
  const decisions = [];
  for (let i = 0; i < times; i++) decisions.push(await limiter.consume(key));
  return decisions;
}

describe("rate limiter", () => {
  it("in memory: allows the budget per key, then says when to retry", async () => {
    setProcessEnv({ REDIS_URL: undefined });
    const limiter = createRateLimiter({ name: `test-${randomUUID()}`, perMinute: 3 });
    const decisions = await consumeTimes(limiter, "a", 4);
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions[3]!.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(decisions[3]!.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect((await limiter.consume("b")).allowed).toBe(true);
  });

  it("in memory: limiters of one name share the count, as the route and the action of one door do", async () => {
    setProcessEnv({ REDIS_URL: undefined });
    const name = `test-${randomUUID()}`;
    const page = createRateLimiter({ name, perMinute: 2, windowSeconds: 900 });
    const api = createRateLimiter({ name, perMinute: 2, windowSeconds: 900 });
    expect((await page.consume("a")).allowed).toBe(true);
    expect((await api.consume("a")).allowed).toBe(true);
    expect((await page.consume("a")).allowed).toBe(false);
  });

  for (const store of ["memory", "redis"] as const) {
    it.skipIf(store === "redis" && missing("redis"))(
      `in ${store}: gives a point back, over a window of the length asked`,
      async () => {
        if (store === "memory") setProcessEnv({ REDIS_URL: undefined });
        const limiter = createRateLimiter({ name: `test-${randomUUID()}`, perMinute: 2, windowSeconds: 900 });
        await consumeTimes(limiter, "a", 2);
        await limiter.refund("a");
        expect((await limiter.consume("a")).allowed).toBe(true);
        const refused = await limiter.consume("a");
        expect(refused.allowed).toBe(false);
        expect(refused.retryAfterSeconds).toBeGreaterThan(60);
        expect((await limiter.consume("b")).allowed).toBe(true);
      },
    );
  }

  it.skipIf(missing("redis"))("in Redis: instances share one count", async () => {
    const name = `test-${randomUUID()}`;
    const first = createRateLimiter({ name, perMinute: 3 });
    const second = createRateLimiter({ name, perMinute: 3 });
    // Until the connection is up the in-memory fallback counts, per instance.
    const redis = getRedis()!;
    if (redis.status !== "ready") await new Promise((resolve) => redis.once("ready", resolve));
    await consumeTimes(first, "k", 2);
    expect((await second.consume("k")).allowed).toBe(true);
    expect((await second.consume("k")).allowed).toBe(false);
  });

  it("falls back to memory when Redis does not answer, still limiting", async () => {
    setProcessEnv({ REDIS_URL: "redis://127.0.0.1:1" });
    const limiter = createRateLimiter({ name: `test-${randomUUID()}`, perMinute: 2 });
    const decisions = await consumeTimes(limiter, "a", 3);
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, false]);
  });
});
