import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { setProcessEnv } from "@/lib/env";
import { getQueueMode } from "@/lib/queue";
import { closeRedis, getRedis, isRedisReachable } from "@/lib/redis";
import { missing, redisUrl } from "@/tests/support/services";

afterEach(() => setProcessEnv({ REDIS_URL: redisUrl }));

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("queue mode", () => {
  it("is in-process without REDIS_URL and BullMQ with it", () => {
    setProcessEnv({ REDIS_URL: undefined });
    expect(getQueueMode()).toBe("in-process");
    setProcessEnv({ REDIS_URL: "redis://127.0.0.1:6379" });
    expect(getQueueMode()).toBe("bullmq");
  });
});

describe("isRedisReachable", () => {
  afterEach(() => closeRedis());

  it("is null without REDIS_URL", async () => {
    setProcessEnv({ REDIS_URL: undefined });
    expect(await isRedisReachable()).toBeNull();
  });

  it("answers false quickly when nothing listens", async () => {
    setProcessEnv({ REDIS_URL: `redis://127.0.0.1:${await closedPort()}` });
    const started = Date.now();
    expect(await isRedisReachable(500)).toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it.skipIf(missing("redis"))("answers true for a running Redis, over the one shared connection", async () => {
    const client = getRedis();
    expect(await isRedisReachable()).toBe(true);
    expect(await isRedisReachable()).toBe(true);
    expect(getRedis()).toBe(client);
  });
});
