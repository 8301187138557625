import type { Principal } from "../../tokens/verify-token";
import type { ScopeRefusal } from "../server";
import type { RateLimitState } from "../tool";
import type { CallLedger } from "./ledger";
import type { Resource } from "./resource";

/** A request the gate let through: what the later stages and the SDK act on. */
export type Admitted = {
  /** What the request is for: /mcp or an upstream server (its challenges name its metadata). */
  resource: Resource;
  principal: Principal;
  body: unknown;
  /** How many of the body's calls (a batch's first ones) fit under the rate limit and may run. */
  admittedCalls: number;
  /** CORS and RateLimit-* headers every response to this request carries. */
  headers: Record<string, string>;
  rateLimit: RateLimitState;
  /** Where each of the request's calls is recorded, once. */
  ledger: CallLedger;
  refusals: Map<string | number, ScopeRefusal>;
};
