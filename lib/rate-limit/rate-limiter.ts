import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { getEnv } from "@/lib/env";
import { getRedis } from "@/lib/redis";

export interface RateLimitDecision {
  allowed: boolean;
  /** Whole seconds until the caller may try again; 0 when allowed. */
  retryAfterSeconds: number;
}

/** Counts requests per key in a fixed window (a minute unless said). */
export interface RateLimiter {
  /** Spends one from the key's count: allowed, or when to try again. */
  consume(key: string): Promise<RateLimitDecision>;
  /** Gives one back: what was spent up front turned out not to count (a right password). */
  refund(key: string): Promise<void>;
}

export interface RateLimiterOptions {
  /** Distinguishes the counters of different limits in a shared store. */
  name: string;
  /** How many the key may spend in a window. */
  perMinute: number;
  /** The window's length; 60 unless said (then `perMinute` is per this many seconds). */
  windowSeconds?: number;
}

/**
 * Redis-backed when REDIS_URL is set, so every app instance shares one count; in memory otherwise
 * (the embedded default, one process; limiters of one name share the count there). If Redis stops answering, an in-memory limiter takes over
 * rather than letting requests through unlimited or refusing them all.
 */
// Next.js bundles route handlers and server actions apart, each with its own copy of this module, so
// the in-memory counts are kept on the process: the sign-in page and the sign-in API spend from one.
const MEMORY_COUNTS = Symbol.for("agencyos.rate-limit.memory-counts");

function processWideMemoryLimiter(name: string, points: number, duration: number): RateLimiterMemory {
  const store = globalThis as { [MEMORY_COUNTS]?: Map<string, RateLimiterMemory> };
  const limiters = (store[MEMORY_COUNTS] ??= new Map());
  const id = `${name}:${points}:${duration}`;
  let limiter = limiters.get(id);
  if (!limiter) {
    limiter = new RateLimiterMemory({ keyPrefix: name, points, duration });
    limiters.set(id, limiter);
  }
  return limiter;
}

export function createRateLimiter({ name, perMinute, windowSeconds = 60 }: RateLimiterOptions): RateLimiter {
  const memory = processWideMemoryLimiter(name, perMinute, windowSeconds);
  const redis = getRedis();
  const limiter = redis
    ? new RateLimiterRedis({
        storeClient: redis,
        // Instances that share a Redis under different QUEUE_PREFIXes keep apart counts.
        keyPrefix: `${getEnv().QUEUE_PREFIX}:rate:${name}`,
        points: perMinute,
        duration: windowSeconds,
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
    async refund(key) {
      await limiter.reward(key, 1).catch(() => memory.reward(key, 1));
    },
  };
}
