import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { ApiError } from "../api/errors";
import { config } from "../config";

const WINDOW_SECONDS = 3600;

export type RateDecision = { allowed: boolean; limit: number; remaining: number; resetSeconds: number };

/**
 * One counter per token and hour, started by the token's first request (rate-limiter-flexible's
 * window). Each request increments atomically and is admitted while the count is within the
 * token's own limit, so a limit of N admits exactly N however many requests race. Limits differ
 * per token and may change, so the store counts without a cap and the limit is applied here.
 */
const globalForLimiter = globalThis as unknown as { keywayLimiter?: RateLimiterAbstract; keywayRedis?: Redis };
const options = { keyPrefix: "keyway:rl", points: Number.MAX_SAFE_INTEGER, duration: WINDOW_SECONDS };

/** In memory for one instance; in Redis (atomic INCR with expiry) when several share REDIS_URL. */
function createLimiter(): RateLimiterAbstract {
  const { redisUrl } = config();
  if (!redisUrl) return new RateLimiterMemory(options);
  // No offline queue and one retry: while Redis is down, requests fail fast (503) instead of hanging.
  const client = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 });
  client.on("error", (error) => console.error("[rate-limit] redis:", error.message));
  globalForLimiter.keywayRedis = client;
  return new RateLimiterRedis({ ...options, storeClient: client });
}

function store(): RateLimiterAbstract {
  globalForLimiter.keywayLimiter ??= createLimiter();
  return globalForLimiter.keywayLimiter;
}

/** Gives a (re)connecting Redis client a moment, so a request right after start or a blip is not refused. */
async function redisReady(timeoutMs = 1000): Promise<void> {
  const client = globalForLimiter.keywayRedis;
  if (!client || client.status === "ready") return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    client.once("ready", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export async function consumeRequest(tokenId: string, limit: number): Promise<RateDecision> {
  let result: RateLimiterRes;
  const limiter = store();
  await redisReady();
  try {
    result = await limiter.consume(tokenId, 1);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) result = rejection;
    else {
      console.error("[rate-limit] store unavailable:", rejection instanceof Error ? rejection.message : rejection);
      throw new ApiError("service_unavailable", "Rate limiting is temporarily unavailable; retry shortly.", {
        headers: { "Retry-After": "1" },
      });
    }
  }
  const resetSeconds = Math.max(1, Math.ceil(result.msBeforeNext / 1000));
  return {
    allowed: result.consumedPoints <= limit,
    limit,
    remaining: Math.max(0, limit - result.consumedPoints),
    resetSeconds,
  };
}

export function rateLimitHeaders(decision: RateDecision): Record<string, string> {
  return {
    "RateLimit-Limit": String(decision.limit),
    "RateLimit-Remaining": String(decision.remaining),
    "RateLimit-Reset": String(decision.resetSeconds),
  };
}
