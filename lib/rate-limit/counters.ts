import { metrics } from "../metrics/metrics";
import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { DomainError } from "../errors";
import { redis, onRedisError, redisReady } from "../db/redis";
import { log } from "../log";

// Windowed counters from rate-limiter-flexible: in memory for one instance, in Redis (atomic
// INCR with expiry) when several instances share REDIS_URL. They count without a cap; callers
// compare the count with their own limit, so limits may differ per key and change at any time.
const globalForCounters = globalThis as unknown as { keywayCounters?: Map<string, RateLimiterAbstract> };
const counters = (globalForCounters.keywayCounters ??= new Map());
let logging = false;

function shared(): Redis | null {
  const client = redis();
  if (client && !logging) {
    logging = true;
    onRedisError((error) => log("error", "rate_limit.redis_error", { reason: error.message }));
  }
  return client;
}

function counter(keyPrefix: string, durationSeconds: number): RateLimiterAbstract {
  let limiter = counters.get(keyPrefix);
  if (!limiter) {
    const options = { keyPrefix, points: Number.MAX_SAFE_INTEGER, duration: durationSeconds };
    const client = shared();
    limiter = client ? new RateLimiterRedis({ ...options, storeClient: client }) : new RateLimiterMemory(options);
    counters.set(keyPrefix, limiter);
  }
  return limiter;
}

async function ready(): Promise<void> {
  const client = shared();
  if (client) await redisReady(client);
}

function unavailable(error: unknown): DomainError {
  log("error", "rate_limit.store_unavailable", { reason: error instanceof Error ? error.message : String(error) });
  metrics().storeErrors.inc({ store: "redis" });
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
  await ready();
  try {
    return toCount(await limiter.consume(key, points));
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return toCount(rejection);
    throw unavailable(rejection);
  }
}

export async function peek(keyPrefix: string, durationSeconds: number, key: string): Promise<Count> {
  const limiter = counter(keyPrefix, durationSeconds);
  await ready();
  try {
    return toCount(await limiter.get(key));
  } catch (error) {
    throw unavailable(error);
  }
}

export async function reset(keyPrefix: string, durationSeconds: number, key: string): Promise<void> {
  const limiter = counter(keyPrefix, durationSeconds);
  await ready();
  try {
    await limiter.delete(key);
  } catch (error) {
    throw unavailable(error);
  }
}

// rate-limiter-flexible's own window (the same key and the same INCRBY-with-expiry), plus one more
// key read in the same round trip: the library's script returns only the count. The second key is
// set to ARGV[3] (for ARGV[4] ms) when absent, so it always has a value to compare.
const INCREMENT_AND_READ = `redis.call('set', KEYS[1], 0, 'EX', ARGV[2], 'NX')
local consumed = redis.call('incrby', KEYS[1], ARGV[1])
local ttl = redis.call('pttl', KEYS[1])
if ttl == -1 then
  redis.call('expire', KEYS[1], ARGV[2])
  ttl = 1000 * ARGV[2]
end
redis.call('set', KEYS[2], ARGV[3], 'PX', ARGV[4], 'NX')
return {consumed, ttl, redis.call('get', KEYS[2])}`;

type ScriptedRedis = Redis & {
  keywayIncrementAndRead(...args: (string | number)[]): Promise<[number, number, string]>;
};
const scripted = new WeakSet<Redis>();

/**
 * `increment`, and in the same Redis round trip the value of `watched` (created as `initial`, to
 * live `ttlMs`, when absent). Without Redis there is nothing shared to watch: `watched` is null.
 */
export async function incrementAndRead(
  keyPrefix: string,
  durationSeconds: number,
  key: string,
  points: number,
  watched: { key: string; initial: string; ttlMs: number },
): Promise<Count & { watched: string | null }> {
  const client = shared();
  if (!client) return { ...(await increment(keyPrefix, durationSeconds, key, points)), watched: null };
  if (!scripted.has(client)) {
    client.defineCommand("keywayIncrementAndRead", { numberOfKeys: 2, lua: INCREMENT_AND_READ });
    scripted.add(client);
  }
  await redisReady(client);
  try {
    const [count, ttlMs, value] = await (client as ScriptedRedis).keywayIncrementAndRead(
      `${keyPrefix}:${key}`,
      watched.key,
      points,
      durationSeconds,
      watched.initial,
      watched.ttlMs,
    );
    return { count, resetSeconds: Math.max(1, Math.ceil(ttlMs / 1000)), watched: value };
  } catch (error) {
    throw unavailable(error);
  }
}
