import { increment, incrementAndRead, type Count } from "../rate-limit/counters";
import { epochsEnabled, epochWatch } from "../db/token-store";
import { HOUR_SECONDS } from "../time";

const WINDOW_SECONDS = HOUR_SECONDS;

/** `admitted`: how many of the request's calls may run (the first ones); the rest are past the limit. */
export type RateDecision = { admitted: number; limit: number; remaining: number; resetSeconds: number };

/** A token's count including this request's calls, and (PostgreSQL + Redis) its user's epoch. */
export type CallCount = Count & { epoch: string | null };

/**
 * One counter per token and hour, started by the token's first request (rate-limiter-flexible's
 * window). A request adds all of its calls (a JSON-RPC batch of N adds N) in one atomic step, so a
 * limit of N admits exactly N calls however requests race or batch, on one instance or (with Redis)
 * on all of them. Calls past the limit count too: every call is counted, whether or not it runs.
 * With token epochs the same Redis round trip reads the user's epoch, which confirms the token
 * state the request was verified against (lib/db/token-store.ts).
 */
export async function countCalls(tokenId: string, userId: string | null, calls: number): Promise<CallCount> {
  if (userId && epochsEnabled()) {
    const { watched, ...count } = await incrementAndRead("keyway:rl", WINDOW_SECONDS, tokenId, calls, epochWatch(userId));
    return { ...count, epoch: watched };
  }
  return { ...(await increment("keyway:rl", WINDOW_SECONDS, tokenId, calls)), epoch: null };
}

/** How many of the request's `calls` fit under `limit`, given the count that includes them. */
export function decide({ count, resetSeconds }: Count, calls: number, limit: number): RateDecision {
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
