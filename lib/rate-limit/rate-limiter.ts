import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { getEnv } from "@/lib/env";
import { getRedis } from "@/lib/redis";

export interface RateLimitDecision {
  allowed: boolean;
  /** Whole seconds until the caller may try again; 0 when allowed. */
  retryAfterSeconds: number;
}

/** Counts requests per key in a fixed one-minute window. */
export interface RateLimiter {
  consume(key: string): Promise<RateLimitDecision>;
}

export interface RateLimiterOptions {
  /** Distinguishes the counters of different limits in a shared store. */
  name: string;
  perMinute: number;
}

/**
 * Redis-backed when REDIS_URL is set, so every app instance shares one count; in memory otherwise
 * (the embedded default, one process). If Redis stops answering, an in-memory limiter takes over
 * rather than letting requests through unlimited or refusing them all.
 */
export function createRateLimiter({ name, perMinute }: RateLimiterOptions): RateLimiter {
  const memory = new RateLimiterMemory({ keyPrefix: name, points: perMinute, duration: 60 });
  const redis = getRedis();
  const limiter = redis
    ? new RateLimiterRedis({
        storeClient: redis,
        // Instances that share a Redis under different QUEUE_PREFIXes keep apart counts.
        keyPrefix: `${getEnv().QUEUE_PREFIX}:rate:${name}`,
        points: perMinute,
        duration: 60,
        insuranceLimiter: memory,
      })
    : memory;
  return {
    async consume(key) {
      try {
        await limiter.consume(key);
        return { allowed: true, retryAfterSeconds: 0 };
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
      }
    },
  };
}
