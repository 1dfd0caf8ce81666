import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { setProcessEnv } from "@/lib/env";
import { getQueueMode, pingRedis } from "@/lib/queue";
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

describe("pingRedis", () => {
  it("answers false quickly when nothing listens", async () => {
    const started = Date.now();
    expect(await pingRedis(`redis://127.0.0.1:${await closedPort()}`, 500)).toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it.skipIf(missing("redis"))("answers true for a running Redis", async () => {
    expect(await pingRedis(redisUrl!)).toBe(true);
  });
});
