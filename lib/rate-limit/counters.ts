import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { DomainError } from "../errors";
import { config } from "../config";
import { log } from "../log";

// Windowed counters from rate-limiter-flexible: in memory for one instance, in Redis (atomic
// INCR with expiry) when several instances share REDIS_URL. They count without a cap; callers
// compare the count with their own limit, so limits may differ per key and change at any time.
const globalForCounters = globalThis as unknown as {
  keywayCounters?: Map<string, RateLimiterAbstract>;
  keywayRedis?: Redis;
};
const counters = (globalForCounters.keywayCounters ??= new Map());

function redis(url: string): Redis {
  if (!globalForCounters.keywayRedis) {
    // No offline queue and one retry: while Redis is down, requests fail fast (503) instead of hanging.
    const client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 });
    client.on("error", (error) => log("error", "rate_limit.redis_error", { reason: error.message }));
    globalForCounters.keywayRedis = client;
  }
  return globalForCounters.keywayRedis;
}

function counter(keyPrefix: string, durationSeconds: number): RateLimiterAbstract {
  let limiter = counters.get(keyPrefix);
  if (!limiter) {
    const options = { keyPrefix, points: Number.MAX_SAFE_INTEGER, duration: durationSeconds };
    const { redisUrl } = config();
    limiter = redisUrl
      ? new RateLimiterRedis({ ...options, storeClient: redis(redisUrl) })
      : new RateLimiterMemory(options);
    counters.set(keyPrefix, limiter);
  }
  return limiter;
}

/** Gives a (re)connecting Redis client a moment, so a request right after start or a blip is not refused. */
async function redisReady(timeoutMs = 1000): Promise<void> {
  const client = globalForCounters.keywayRedis;
  if (!client || client.status === "ready") return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    client.once("ready", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function unavailable(error: unknown): DomainError {
  log("error", "rate_limit.store_unavailable", { reason: error instanceof Error ? error.message : String(error) });
  return new DomainError("service_unavailable", "Rate limiting is temporarily unavailable; retry shortly.", {
    retryAfterSeconds: 1,
  });
}

export type Count = { count: number; resetSeconds: number };

function toCount(result: RateLimiterRes | null): Count {
  return {
    count: result?.consumedPoints ?? 0,
    resetSeconds: Math.max(1, Math.ceil((result?.msBeforeNext ?? 0) / 1000)),
  };
}

/** Adds `points` to `key`'s count in the window and returns the new count (atomic across instances). */
export async function increment(keyPrefix: string, durationSeconds: number, key: string, points = 1): Promise<Count> {
  const limiter = counter(keyPrefix, durationSeconds);
  await redisReady();
  try {
    return toCount(await limiter.consume(key, points));
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return toCount(rejection);
    throw unavailable(rejection);
  }
}

export async function peek(keyPrefix: string, durationSeconds: number, key: string): Promise<Count> {
  const limiter = counter(keyPrefix, durationSeconds);
  await redisReady();
  try {
    return toCount(await limiter.get(key));
  } catch (error) {
    throw unavailable(error);
  }
}

export async function reset(keyPrefix: string, durationSeconds: number, key: string): Promise<void> {
  const limiter = counter(keyPrefix, durationSeconds);
  await redisReady();
  try {
    await limiter.delete(key);
  } catch (error) {
    throw unavailable(error);
  }
}
