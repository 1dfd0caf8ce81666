import { Redis } from "ioredis";
import { getEnv } from "@/lib/env";

let shared: { url: string | undefined; client: Redis | null } | undefined;

/**
 * The process's Redis client for request-path work (rate limits, health), or null without
 * REDIS_URL. No offline queue: while Redis is away commands fail at once instead of piling up
 * behind requests. Auto-pipelining sends the commands of concurrent requests in one write.
 */
export function getRedis(): Redis | null {
  const url = getEnv().REDIS_URL;
  if (shared?.url !== url) {
    // The configuration changed under us (tests do this): the old client goes, a new one comes.
    shared?.client?.disconnect();
    const client = url
      ? new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, enableAutoPipelining: true })
      : null;
    client?.on("error", () => undefined);
    shared = { url, client };
    return client;
  }
  return shared?.client ?? null;
}

/**
 * True when the shared client answers PING within the timeout (waiting for it to connect, if it
 * is still connecting); null without REDIS_URL. Never throws, opens no connection of its own.
 */
export async function isRedisReachable(timeoutMs = 1_000): Promise<boolean | null> {
  const redis = getRedis();
  if (!redis) return null;
  let timer: NodeJS.Timeout | undefined;
  let onReady: (() => void) | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const answered = (async () => {
    if (redis.status !== "ready") await new Promise<void>((resolve) => redis.once("ready", (onReady = resolve)));
    return (await redis.ping()) === "PONG";
  })().catch(() => false);
  try {
    return await Promise.race([answered, timedOut]);
  } finally {
    clearTimeout(timer);
    if (onReady) redis.off("ready", onReady);
  }
}

export async function closeRedis(): Promise<void> {
  const current = shared?.client;
  shared = undefined;
  await current?.quit().catch(() => current.disconnect());
}
