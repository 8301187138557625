import { errorResponse, statusOf } from "../api/errors";
import { DomainError } from "../errors";
import { readJson } from "../api/parse";
import type { Principal } from "../tokens/verify-token";
import { usageRecorder, type UsageOutcome } from "../usage/usage-recorder";
import { authenticateMcpRequest } from "./authenticate";
import { corsHeaders, originProblem } from "./origin";
import { consumeCalls, rateLimitHeaders, type RateDecision } from "./rate-limiter";
import { TOOLS } from "./server";
import type { RateLimitState } from "./tool";

const TOOL_NAMES = new Set(TOOLS.map((tool) => tool.name));

export const MAX_MCP_BODY_BYTES = 1024 * 1024;

/**
 * The name usage is recorded under for one JSON-RPC message: the tool for `tools/call`, the
 * method otherwise. Only known tools and well-formed method names are kept, so callers cannot fill
 * the usage table with arbitrary labels (or with bytes a store refuses).
 */
export function usageLabel(message: unknown): string {
  if (Array.isArray(message)) return "batch";
  const m = message as { method?: unknown; params?: { name?: unknown } } | null;
  if (m?.method === "tools/call") {
    const name = m.params?.name;
    return typeof name === "string" && TOOL_NAMES.has(name) ? name : "tools/call:unknown";
  }
  return typeof m?.method === "string" && /^[\w./-]{1,64}$/.test(m.method) ? m.method : "invalid";
}

/** The calls a body carries, each counted against the rate limit and recorded in usage. */
export function callsOf(body: unknown): unknown[] {
  return Array.isArray(body) && body.length > 0 ? body : [body];
}

export type Admitted = {
  principal: Principal;
  body: unknown;
  label: string;
  /** How many of the body's calls (a batch's first ones) fit under the rate limit and may run. */
  admittedCalls: number;
  /** CORS and RateLimit-* headers every response to this request carries. */
  headers: Record<string, string>;
  rateLimit: RateLimitState;
  record: (outcome: UsageOutcome, tool?: string) => void;
};

function jsonRpcError(status: number, code: number, message: string, headers: Record<string, string>) {
  return Response.json({ jsonrpc: "2.0", id: null, error: { code, message } }, { status, headers });
}

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

/**
 * Everything an MCP request passes before the protocol sees it, for both transports: the
 * origin check, authentication (spec steps 1-4), the JSON body, and the rate limit (step 5).
 * Returns the response to send instead when the request is refused.
 */
export async function admitMcpRequest(request: Request): Promise<{ refused: Response } | { admitted: Admitted }> {
  const cors = corsHeaders(request);
  const problem = originProblem(request);
  if (problem) return { refused: errorResponse(new DomainError("forbidden", problem), cors) };
  if (request.method === "OPTIONS") return { refused: new Response(null, { status: 204, headers: cors }) };

  let principal: Principal;
  try {
    principal = await authenticateMcpRequest(request);
  } catch (error) {
    return { refused: errorResponse(error, cors) };
  }

  let body: unknown;
  if (request.method === "POST") {
    try {
      body = await readJson(request, { maxBytes: MAX_MCP_BODY_BYTES });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const status = statusOf(error.code);
      return { refused: jsonRpcError(status, status === 400 ? -32700 : -32600, error.message, cors) };
    }
  }
  const calls = request.method === "POST" ? callsOf(body) : [undefined];
  const label = request.method === "POST" ? usageLabel(body) : `http:${request.method}`;
  const record = (outcome: UsageOutcome, tool = label) => {
    if (principal.tokenId) usageRecorder().record(principal.tokenId, tool, outcome);
  };

  let decision: RateDecision | undefined;
  if (principal.rateLimitPerHour !== null && principal.tokenId) {
    decision = await consumeCalls(principal.tokenId, principal.rateLimitPerHour, calls.length);
    if (decision.admitted === 0) {
      for (const call of calls) record("rateLimited", request.method === "POST" ? usageLabel(call) : label);
      const error = new DomainError(
        "rate_limited",
        `Rate limit of ${decision.limit} requests per hour exceeded; retry in ${decision.resetSeconds} s.`,
      );
      return {
        refused: errorResponse(error, {
          ...cors,
          ...rateLimitHeaders(decision),
          "Retry-After": String(decision.resetSeconds),
        }),
      };
    }
  }
  const headers = { ...cors, ...(decision && rateLimitHeaders(decision)) };
  const admittedCalls = decision?.admitted ?? calls.length;
  return { admitted: { principal, body, label, admittedCalls, headers, rateLimit: rateState(decision), record } };
}
