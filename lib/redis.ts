import { Redis } from "ioredis";
import { getEnv } from "@/lib/env";

let shared: Redis | null | undefined;

/**
 * The process's Redis client for request-path work (rate limits), or null without REDIS_URL. No
 * offline queue: while Redis is away commands fail at once instead of piling up behind requests.
 * Auto-pipelining sends the commands of concurrent requests in one write.
 */
export function getRedis(): Redis | null {
  if (shared === undefined) {
    const url = getEnv().REDIS_URL;
    shared = url
      ? new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, enableAutoPipelining: true })
      : null;
    shared?.on("error", () => undefined);
  }
  return shared;
}

export async function closeRedis(): Promise<void> {
  const current = shared;
  shared = undefined;
  await current?.quit().catch(() => current.disconnect());
}
