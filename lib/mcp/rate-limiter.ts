import { increment } from "../rate-limit/counters";

const WINDOW_SECONDS = 3600;

export type RateDecision = { allowed: boolean; limit: number; remaining: number; resetSeconds: number };

/**
 * One counter per token and hour, started by the token's first request (rate-limiter-flexible's
 * window). Each request increments atomically and is admitted while the count is within the
 * token's own limit, so a limit of N admits exactly N however many requests race, on one
 * instance or (with Redis) on all of them together.
 */
export async function consumeRequest(tokenId: string, limit: number): Promise<RateDecision> {
  const { count, resetSeconds } = await increment("keyway:rl", WINDOW_SECONDS, tokenId);
  return { allowed: count <= limit, limit, remaining: Math.max(0, limit - count), resetSeconds };
}

export function rateLimitHeaders(decision: RateDecision): Record<string, string> {
  return {
    "RateLimit-Limit": String(decision.limit),
    "RateLimit-Remaining": String(decision.remaining),
    "RateLimit-Reset": String(decision.resetSeconds),
  };
}
