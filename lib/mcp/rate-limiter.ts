import { increment } from "../rate-limit/counters";
import { HOUR_SECONDS } from "../time";

const WINDOW_SECONDS = HOUR_SECONDS;

/** `admitted`: how many of the request's calls may run (the first ones); the rest are past the limit. */
export type RateDecision = { admitted: number; limit: number; remaining: number; resetSeconds: number };

/**
 * One counter per token and hour, started by the token's first request (rate-limiter-flexible's
 * window). A request adds all of its calls (a JSON-RPC batch of N adds N) in one atomic step and
 * may run as many of them as still fit under the token's own limit, so a limit of N admits
 * exactly N calls however requests race or batch, on one instance or (with Redis) on all of them.
 * Calls past the limit count too: every call is counted, whether or not it runs.
 */
export async function consumeCalls(tokenId: string, limit: number, calls: number): Promise<RateDecision> {
  const { count, resetSeconds } = await increment("keyway:rl", WINDOW_SECONDS, tokenId, calls);
  const admitted = Math.min(calls, Math.max(0, limit - (count - calls)));
  return { admitted, limit, remaining: Math.max(0, limit - count), resetSeconds };
}

export function rateLimitHeaders(decision: RateDecision): Record<string, string> {
  return {
    "RateLimit-Limit": String(decision.limit),
    "RateLimit-Remaining": String(decision.remaining),
    "RateLimit-Reset": String(decision.resetSeconds),
  };
}
