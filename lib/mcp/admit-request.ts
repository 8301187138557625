import { errorResponse, statusOf } from "../api/errors";
import { readJson } from "../api/parse";
import { DomainError } from "../errors";
import { metrics, type RefusalReason } from "../metrics/metrics";
import { describeWait } from "../time";
import { observeUse } from "../activity/flags";
import { clientAddress } from "../net/client-address";
import { isAllowedAddress, isCurrentAt, requireAllowedAddress, type Principal } from "../tokens/verify-token";
import { authenticateMcpRequest } from "./authenticate";
import { CallLedger, callsOf, usageLabel } from "./call-ledger";
import { jsonRpcError, jsonRpcErrorResponse } from "./json-rpc";
import { corsHeaders, originProblem } from "./origin";
import { countCalls, decide, rateLimitHeaders, type RateDecision } from "./rate-limiter";
import type { RateLimitState } from "./tool";

export const MAX_MCP_BODY_BYTES = 1024 * 1024;

export type Admitted = {
  principal: Principal;
  body: unknown;
  /** How many of the body's calls (a batch's first ones) fit under the rate limit and may run. */
  admittedCalls: number;
  /** CORS and RateLimit-* headers every response to this request carries. */
  headers: Record<string, string>;
  rateLimit: RateLimitState;
  /** Where each of the request's calls is recorded, once. */
  ledger: CallLedger;
};

const NO_RATE_LIMIT: RateLimitState = { limit: null, remaining: null, resetAt: null };

function rateState(decision: RateDecision | undefined): RateLimitState {
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

/** Why a request was refused, as the operators' counts name it. */
function reasonOf(error: unknown): RefusalReason {
  if (!(error instanceof DomainError)) return "invalid";
  if (error.details.refusal) return error.details.refusal;
  if (error.code === "unauthorized") return "no_token";
  if (error.code === "invalid_request") return "malformed";
  if (error.code === "insufficient_scope") return "scope";
  return "invalid";
}

/** The refusal's answer, counted once by its reason (5xx store trouble is not a refusal). */
function refuse(error: unknown, headers: Record<string, string>, reason?: RefusalReason): { refused: Response } {
  const response = errorResponse(error, headers);
  if (response.status < 500) metrics().mcpRefusals.inc({ reason: reason ?? reasonOf(error) });
  return { refused: response };
}

/**
 * Everything an MCP request passes before the protocol sees it, on every transport and in every
 * era: the origin check, authentication (spec steps 1-4), the JSON body, and the rate limit for
 * every call the body carries (step 5). Returns the response to send instead when it is refused.
 */
export async function admitMcpRequest(request: Request): Promise<{ refused: Response } | { admitted: Admitted }> {
  const cors = corsHeaders(request);
  const problem = originProblem(request);
  if (problem) return refuse(new DomainError("forbidden", problem), cors, "origin");
  if (request.method === "OPTIONS") return { refused: new Response(null, { status: 204, headers: cors }) };

  let principal: Principal;
  try {
    // This instance's kept token row may admit for now; the rate-limit round trip confirms it.
    principal = await authenticateMcpRequest(request, "kept");
  } catch (error) {
    return refuse(error, cors);
  }

  let body: unknown;
  if (request.method === "POST") {
    try {
      body = await readJson(request, { maxBytes: MAX_MCP_BODY_BYTES });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const status = statusOf(error.code);
      const code = status === 400 ? -32700 : -32600;
      metrics().mcpRefusals.inc({ reason: "malformed" });
      return { refused: jsonRpcErrorResponse(status, jsonRpcError(null, code, error.message), cors) };
    }
  }
  const calls = request.method === "POST" ? callsOf(body) : [undefined];
  // A GET or DELETE is the transport's (a stream probe, a session end): counted against the
  // limit like every request, but no call in the usage views.
  const labels = request.method === "POST" ? calls.map(usageLabel) : [null];
  const address = clientAddress(request.headers);
  const ledger = new CallLedger(
    principal.tokenId,
    calls,
    labels,
    {
      clientName: principal.tokenId ? clientNames.of(principal.tokenId, address, request, clientInfoName(body)) : null,
      clientAddress: address,
    },
    request.headers.get("mcp-protocol-version"),
  );

  if (principal.tokenId && principal.userId && principal.expiresAt) {
    observeUse(principal.tokenId, [
      { kind: "address", value: address },
      { kind: "user_agent", value: request.headers.get("user-agent") },
      { kind: "client_info", value: clientInfoName(body) },
    ]);
  }
  try {
    if (!isAllowedAddress(principal, address)) {
      // A list may have widened since this instance kept the row: confirm the refusal first.
      principal = await authenticateMcpRequest(request, "current");
      requireAllowedAddress(principal, address);
    }
  } catch (error) {
    ledger.settleRest(() => "denied");
    return refuse(error, cors);
  }

  let decision: RateDecision | undefined;
  if (principal.rateLimitPerHour !== null && principal.tokenId) {
    const counted = await countCalls(principal.tokenId, principal.userId, calls.length);
    if (!isCurrentAt(principal, counted.epoch)) {
      // The token changed since this instance kept its row: verify again, against the row as of
      // the epoch just read (so a revocation announced before this request is never missed).
      try {
        principal = await authenticateMcpRequest(request, { epoch: counted.epoch! });
        requireAllowedAddress(principal, address);
      } catch (error) {
        ledger.settleRest(() => "denied");
        return refuse(error, cors);
      }
    }
    decision = decide(counted, calls.length, principal.rateLimitPerHour ?? Number.MAX_SAFE_INTEGER);
    if (decision.admitted === 0) {
      ledger.settleRest(() => "rateLimited");
      const error = new DomainError(
        "rate_limited",
        `Rate limit of ${decision.limit} requests per hour exceeded; retry in ${describeWait(decision.resetSeconds)}.`,
      );
      return refuse(
        error,
        { ...cors, ...rateLimitHeaders(decision), "Retry-After": String(decision.resetSeconds) },
        "rate_limit",
      );
    }
  }
  const headers = { ...cors, ...(decision && rateLimitHeaders(decision)) };
  const admittedCalls = decision?.admitted ?? calls.length;
  return { admitted: { principal, body, admittedCalls, headers, rateLimit: rateState(decision), ledger } };
}

/**
 * The MCP client's name for the per-request log. A 2026 request names it in every `_meta`; a 2025
 * client only in `initialize`, so the name is remembered per token, address and user agent for
 * the requests that follow (in memory, bounded: a name the instance has not seen is simply null).
 */
const clientNames = {
  known: new Map<string, string>(),
  of(tokenId: string, address: string | null, request: Request, named: string | undefined): string | null {
    const key = `${tokenId}\u0000${address}\u0000${request.headers.get("user-agent") ?? ""}`;
    if (named) {
      const name = named.slice(0, 100);
      if (this.known.get(key) !== name) {
        if (this.known.size >= 10_000) this.known.delete(this.known.keys().next().value!);
        this.known.set(key, name);
      }
      return name;
    }
    return this.known.get(key) ?? null;
  },
};

/** The MCP client's own name, where the request says it: `initialize` (2025) or the 2026 `_meta`. */
function clientInfoName(body: unknown): string | undefined {
  const first = Array.isArray(body) ? body[0] : body;
  const params = (first as { params?: Record<string, unknown> } | undefined)?.params;
  const info =
    (params?.clientInfo as { name?: unknown } | undefined) ??
    ((params?._meta as Record<string, unknown> | undefined)?.["io.modelcontextprotocol/clientInfo"] as
      { name?: unknown } | undefined);
  return typeof info?.name === "string" ? info.name : undefined;
}
