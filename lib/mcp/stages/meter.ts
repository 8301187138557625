import { epochsEnabled, epochWatch } from "../../db/token-store";
import { increment, incrementAndRead, type Count } from "../../rate-limit/counters";
import { HOUR_SECONDS } from "../../time";
import { isCurrentAt, requireAllowedAddress, type Principal } from "../../tokens/verify-token";
import type { RateLimitState } from "../tool";
import { confirm } from "./bearer";

// Stage 4, the rate limit: every call a request carries counted in one atomic step, which also
// reads the token holder's epoch (confirming a kept token row).

/** `admitted`: how many of the request's calls may run (the first ones); the rest are past the limit. */
export type RateDecision = { admitted: number; limit: number; remaining: number; resetSeconds: number };

/**
 * One counter per token and hour, started by the token's first request (rate-limiter-flexible's
 * window). A request adds all of its calls (a JSON-RPC batch of N adds N) in one atomic step, so a
 * limit of N admits exactly N calls however requests race or batch, on one instance or (with Redis)
 * on all of them. Calls past the limit count too. With token epochs the same Redis round trip
 * reads the user's epoch, which confirms the token row the request was verified against.
 */
export async function countCalls(
  tokenId: string,
  userId: string | null,
  calls: number,
): Promise<Count & { epoch: string | null }> {
  if (userId && epochsEnabled()) {
    const { watched, ...count } = await incrementAndRead("keyway:rl", HOUR_SECONDS, tokenId, calls, epochWatch(userId));
    return { ...count, epoch: watched };
  }
  return { ...(await increment("keyway:rl", HOUR_SECONDS, tokenId, calls)), epoch: null };
}

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

const NO_RATE_LIMIT: RateLimitState = { limit: null, remaining: null, resetAt: null };

export function rateState(decision: RateDecision | undefined): RateLimitState {
  if (!decision) return NO_RATE_LIMIT;
  const resetAt = Date.now() + decision.resetSeconds * 1000;
  // Formatted only when a tool reports it (whoami), not on every request.
  return {
    limit: decision.limit,
    remaining: decision.remaining,
    get resetAt() {
      return new Date(resetAt).toISOString();
    },
  };
}

/**
 * The principal as of the epoch read with the count: when the token changed since this instance
 * kept its row, its state as of that epoch decides (so a revocation announced before this request
 * is never missed), its address list included.
 */
export async function confirmCounted(
  principal: Principal,
  counted: { epoch: string | null },
  address: string | null,
): Promise<Principal> {
  if (isCurrentAt(principal, counted.epoch)) return principal;
  const confirmed = await confirm(principal, { epoch: counted.epoch! });
  requireAllowedAddress(confirmed, address);
  return confirmed;
}
