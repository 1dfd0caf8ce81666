import { Redis } from "ioredis";
import { getEnv } from "@/lib/env";

export type QueueMode = "bullmq" | "in-process";

/** BullMQ on Redis when REDIS_URL is set; otherwise jobs run inside the app process. */
export function getQueueMode(): QueueMode {
  return getEnv().REDIS_URL ? "bullmq" : "in-process";
}

/** True when Redis answers PING within the timeout. Never throws. */
export async function pingRedis(url: string, timeoutMs = 1_000): Promise<boolean> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  redis.on("error", () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}
