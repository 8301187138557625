import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

const WINDOW_SECONDS = 3600;

export type RateDecision = { allowed: boolean; limit: number; remaining: number; resetSeconds: number };

/**
 * One counter per token and hour, started by the token's first request (rate-limiter-flexible's
 * window). Each request increments atomically and is admitted while the count is within the
 * token's own limit, so a limit of N admits exactly N however many requests race. Limits differ
 * per token and may change, so the store counts without a cap and the limit is applied here.
 */
let limiter: RateLimiterAbstract | undefined;

export function setRateLimiterStore(store: RateLimiterAbstract) {
  limiter = store;
}

function store(): RateLimiterAbstract {
  limiter ??= new RateLimiterMemory({
    keyPrefix: "keyway:rl",
    points: Number.MAX_SAFE_INTEGER,
    duration: WINDOW_SECONDS,
  });
  return limiter;
}

export async function consumeRequest(tokenId: string, limit: number): Promise<RateDecision> {
  let result: RateLimiterRes;
  try {
    result = await store().consume(tokenId, 1);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) result = rejection;
    else throw rejection;
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
