import {
  createMcpHandler,
  isLegacyRequest,
  localhostAllowedHostnames,
  OAuthError,
  SUPPORTED_PROTOCOL_VERSIONS,
  validateHostHeader,
  verifyBearerToken,
  WebStandardStreamableHTTPServerTransport,
  type AuthInfo,
  type OAuthTokenVerifier,
} from "@modelcontextprotocol/server";
import { SpanKind, SpanStatusCode, trace, type Span } from "@opentelemetry/api";
import { observeUse } from "../activity/flags";
import { challengeOf, errorResponse, statusOf } from "../api/errors";
import { requireBearerToken } from "../api/bearer";
import { readJson } from "../api/parse";
import { audiences } from "../auth/jwt";
import { hashesEqual, hashToken } from "../auth/token-hash";
import { config } from "../config";
import { epochsEnabled, epochWatch } from "../db/token-store";
import { DomainError } from "../errors";
import { log } from "../log";
import { metrics, type RefusalReason } from "../metrics/metrics";
import { clientAddress } from "../net/client-address";
import { increment, incrementAndRead, type Count } from "../rate-limit/counters";
import { SCOPES, type Scope } from "../scopes";
import { HOUR_SECONDS, describeWait } from "../time";
import { SERVICE_PRINCIPAL } from "../tokens/service-principal";
import {
  isAllowedAddress,
  isCurrentAt,
  recheckApiToken,
  requireAllowedAddress,
  requireTokenScopes,
  verifyApiToken,
  type Principal,
  type TokenPrincipal,
} from "../tokens/verify-token";
import { usageRecorder, type CallSource, type UsageOutcome } from "../usage/usage-recorder";
import { createMcpServer, TOOLS, toolScopeRefusal, type CallerContext, type ScopeRefusal } from "./server";
import type { RateLimitState } from "./tool";

// The gate of /mcp: everything a request passes before and around the SDK, in the order it
// happens, for every era and transport (2026-07-28, the 2025 Streamable HTTP transport, JSON-RPC
// batches, and the legacy HTTP+SSE transport in ./legacy-sse.ts):
//   1. origin and host (DNS-rebinding protection) and CORS
//   2. the bearer token, verified once through the SDK's `verifyBearerToken` with Keyway's verifier
//   3. the client address the token may be used from
//   4. the meter: every call counted against the rate limit in one atomic step (which also
//      confirms a kept token row), then recorded once, with one span per message
//   5. scopes: a `tools/call` the token may not make is decided here, once
//   6. dispatch to the SDK with an AuthInfo carrying the caller and the meter.
// Written by hand where the SDK's helpers differ from the contract (each says why).

export const MAX_MCP_BODY_BYTES = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// JSON-RPC errors of the gate's own: they echo the request's id when it had one (null only when no
// id could be read, as JSON-RPC asks for parse errors).

type JsonRpcId = string | number | null;

export function idOf(message: unknown): JsonRpcId {
  const id = typeof message === "object" && message !== null ? (message as { id?: unknown }).id : undefined;
  return typeof id === "string" || typeof id === "number" ? id : null;
}

export function jsonRpcError(id: JsonRpcId, code: number, message: string, data?: unknown) {
  return { jsonrpc: "2.0" as const, id, error: { code, message, ...(data !== undefined && { data }) } };
}

export function jsonRpcErrorResponse(
  status: number,
  error: ReturnType<typeof jsonRpcError>,
  headers: Record<string, string>,
): Response {
  return Response.json(error, { status, headers });
}

// ---------------------------------------------------------------------------------------------
// 1. Origin and host

const LOOPBACK_HOSTS = localhostAllowedHostnames();
const isLoopbackUrl = (value: string) => {
  try {
    return LOOPBACK_HOSTS.includes(new URL(value).hostname);
  } catch {
    return false;
  }
};

/**
 * APP_URL's origin and MCP_ALLOWED_ORIGINS; on a loopback server, also any loopback origin. By
 * hand: the SDK's `validateOriginHeader` compares host names only, so a page on another port or
 * scheme of an allowed host would pass; an origin is scheme, host and port.
 */
function originAllowed(origin: string): boolean {
  const { appUrl, mcpAllowedOrigins } = config();
  if (origin === new URL(appUrl).origin) return true;
  if (mcpAllowedOrigins.some((allowed) => allowed.replace(/\/+$/, "") === origin)) return true;
  // A page on this machine (another local dev server, the Inspector's UI) is no rebinding attack.
  return isLoopbackUrl(appUrl) && isLoopbackUrl(origin);
}

/**
 * DNS-rebinding protection: a browser page may only reach /mcp from an allowed origin, and a
 * server on a loopback address only answers requests addressed to a loopback host name.
 * Requests without `Origin` (non-browser clients) pass.
 */
function originProblem(request: Request): string | null {
  const origin = request.headers.get("origin");
  if (origin !== null && !originAllowed(origin)) return `Origin ${origin} is not allowed`;
  const host = request.headers.get("host");
  if (host && isLoopbackUrl(config().appUrl)) {
    const checked = validateHostHeader(host, LOOPBACK_HOSTS);
    if (!checked.ok) return checked.message;
  }
  return null;
}

function corsHeaders(request: Request): Record<string, string> {
  const origin = request.headers.get("origin");
  if (origin === null || !originAllowed(origin)) return {};
  return {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Allow-Methods": "GET, POST, DELETE, OPTIONS",
    "Access-Control-Allow-Headers":
      "Authorization, Content-Type, Accept, Mcp-Session-Id, Mcp-Protocol-Version, Last-Event-ID",
    "Access-Control-Expose-Headers":
      "Mcp-Session-Id, WWW-Authenticate, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset",
    "Access-Control-Max-Age": "600",
    Vary: "Origin",
  };
}

// ---------------------------------------------------------------------------------------------
// 2. The bearer token

/** The AuthInfo the SDK hands each message's handler; `token` is the token's id, never the secret. */
function authInfoOf(principal: Principal): AuthInfo {
  const id = principal.tokenId ?? "service";
  return {
    token: id,
    clientId: id,
    scopes: [...principal.scopes],
    // An env token never expires; the SDK wants a time all the same.
    // Rounded up: the row's own expiry (checked to the millisecond) decides, never the SDK's rounding.
    expiresAt: principal.expiresAt ? Math.ceil(principal.expiresAt.getTime() / 1000) : Number.MAX_SAFE_INTEGER,
    resource: new URL(audiences.mcp()),
    extra: { principal },
  };
}

// MCP_AUTH_TYPE=jwt: Keyway's API tokens. This instance's kept token row may admit for now; the
// rate-limit round trip confirms it (step 4).
const jwtVerifier: OAuthTokenVerifier = {
  verifyAccessToken: async (token) => authInfoOf(await verifyApiToken(token, "kept")),
};

// MCP_AUTH_TYPE=env: one static token, compared in constant time (both sides hashed, whatever the lengths).
const envVerifier: OAuthTokenVerifier = {
  verifyAccessToken: async (token) => {
    if (!hashesEqual(hashToken(token), hashToken(config().mcpBearerToken!))) {
      throw new DomainError("invalid_token", "Invalid token", { credential: "api_token" });
    }
    return authInfoOf(SERVICE_PRINCIPAL);
  },
};

/**
 * Who the request acts as, by MCP_AUTH_TYPE, or the RFC 6750 refusal. The header is parsed by
 * Keyway first, since the SDK's parser answers a missing header with `error="invalid_token"` (RFC
 * 6750 section 3.1 wants no error code when no credentials were sent) and a malformed one with 401
 * (the spec's 400 `invalid_request`); the SDK's `verifyBearerToken` then runs the verifier and
 * checks the token's resource (this /mcp) and expiry. Required scopes are Keyway's own check, since
 * `write:X` holds `read:X`.
 */
async function authenticate(request: Request): Promise<Principal> {
  const { mcpAuthType, mcpRequiredScopes } = config();
  if (mcpAuthType === "none") return SERVICE_PRINCIPAL;
  const token = requireBearerToken(request.headers.get("authorization"), "api_token");
  let principal: Principal;
  try {
    const verifier = mcpAuthType === "env" ? envVerifier : jwtVerifier;
    const authInfo = await verifyBearerToken(`Bearer ${token}`, {
      verifier,
      expectedResource: new URL(audiences.mcp()),
    });
    principal = authInfo.extra!.principal as Principal;
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    const expired = error.message === "Token has expired";
    throw new DomainError("invalid_token", error.message, {
      credential: "api_token",
      ...(expired && { refusal: "expired" as const }),
    });
  }
  if (principal.tokenId !== SERVICE_PRINCIPAL.tokenId) requireTokenScopes(principal, mcpRequiredScopes as Scope[]);
  log("debug", "mcp.auth.allowed", {
    tokenId: principal.tokenId,
    orgId: principal.orgId,
    scopes: principal.scopes.join(" "),
  });
  return principal;
}

/** The verified token's principal against its row as `freshness` says now, without verifying it again. */
async function confirm(principal: Principal, freshness: "current" | { epoch: string }): Promise<Principal> {
  const confirmed = await recheckApiToken(principal as TokenPrincipal, freshness);
  requireTokenScopes(confirmed, config().mcpRequiredScopes as Scope[]);
  return confirmed;
}

/**
 * A 401 names every scope the tools use (`scope="..."`): clients ask for exactly what it names,
 * and the user then chooses on the consent page; naming only the required ones gave apps two tools.
 */
function withScopes(error: unknown): unknown {
  if (error instanceof DomainError && (error.code === "unauthorized" || error.code === "invalid_token")) {
    log("debug", "mcp.auth.refused", { code: error.code, reason: error.message });
    return new DomainError(error.code, error.message, {
      ...error.details,
      scope: error.details.scope ?? SCOPES.join(" "),
    });
  }
  if (error instanceof DomainError) log("debug", "mcp.auth.refused", { code: error.code, reason: error.message });
  return error;
}

// ---------------------------------------------------------------------------------------------
// 4. The meter: rate limit, usage and spans

/** `admitted`: how many of the request's calls may run (the first ones); the rest are past the limit. */
type RateDecision = { admitted: number; limit: number; remaining: number; resetSeconds: number };

/**
 * One counter per token and hour, started by the token's first request (rate-limiter-flexible's
 * window). A request adds all of its calls (a JSON-RPC batch of N adds N) in one atomic step, so a
 * limit of N admits exactly N calls however requests race or batch, on one instance or (with Redis)
 * on all of them. Calls past the limit count too. With token epochs the same Redis round trip
 * reads the user's epoch, which confirms the token row the request was verified against.
 */
async function countCalls(
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

function decide({ count, resetSeconds }: Count, calls: number, limit: number): RateDecision {
  const admitted = Math.min(calls, Math.max(0, limit - (count - calls)));
  return { admitted, limit, remaining: Math.max(0, limit - count), resetSeconds };
}

function rateLimitHeaders(decision: RateDecision): Record<string, string> {
  return {
    "RateLimit-Limit": String(decision.limit),
    "RateLimit-Remaining": String(decision.remaining),
    "RateLimit-Reset": String(decision.resetSeconds),
  };
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

const TOOL_NAMES = new Set(TOOLS.map((tool) => tool.name));
// The methods a metric label may name; any other method is "other" (usage keeps its own name).
const METHODS = new Set([
  "initialize",
  "ping",
  "tools/list",
  "server/discover",
  "resources/list",
  "resources/templates/list",
  "prompts/list",
  "completion/complete",
  "logging/setLevel",
  "tools/call",
  "tools/call:unknown",
  "notifications/initialized",
  "notifications/cancelled",
  "invalid",
]);
const metricLabel = (label: string) => (TOOL_NAMES.has(label) || METHODS.has(label) ? label : "other");

/**
 * The name usage is recorded under for one JSON-RPC message: the tool for `tools/call`, the
 * method otherwise. Only known tools and well-formed method names are kept, so callers cannot fill
 * the usage table with arbitrary labels (or with bytes a store refuses). Null for what is no call:
 * a notification (`notifications/initialized`) or a response, which usage does not count.
 */
function usageLabel(message: unknown): string | null {
  const m = message as { method?: unknown; id?: unknown; params?: { name?: unknown } } | null;
  if (typeof m === "object" && m !== null && !Array.isArray(m) && m.id === undefined) {
    if (typeof m.method === "string" || "result" in m || "error" in m) return null;
  }
  if (m?.method === "tools/call") {
    const name = m.params?.name;
    return typeof name === "string" && TOOL_NAMES.has(name) ? name : "tools/call:unknown";
  }
  return typeof m?.method === "string" && /^[\w./-]{1,64}$/.test(m.method) ? m.method : "invalid";
}

const tracer = trace.getTracer("keyway-mcp");

/**
 * One span per MCP message, after the OpenTelemetry MCP semantic conventions: named
 * `{mcp.method.name} {tool}`, with the method, the tool, the JSON-RPC id and the protocol
 * revision; never an argument, a token or a result. A no-op until an SDK is configured.
 */
function messageSpan(call: unknown, protocolVersion: string | null): Span | undefined {
  const m = call as { method?: unknown; id?: unknown; params?: { name?: unknown } } | null;
  if (typeof m?.method !== "string") return undefined;
  const method = metricLabel(m.method);
  const tool = method === "tools/call" && typeof m.params?.name === "string" ? metricLabel(m.params.name) : null;
  const id = typeof m.id === "string" || typeof m.id === "number" ? String(m.id) : null;
  return tracer.startSpan(tool ? `${method} ${tool}` : method, {
    kind: SpanKind.SERVER,
    attributes: {
      "mcp.method.name": method,
      ...(tool && { "gen_ai.tool.name": tool, "gen_ai.operation.name": "execute_tool" }),
      ...(id !== null && { "jsonrpc.request.id": id }),
      ...(protocolVersion &&
        /^\d{4}-\d{2}-\d{2}$/.test(protocolVersion) && { "mcp.protocol.version": protocolVersion }),
      "network.transport": "tcp",
    },
  });
}

/**
 * The one place usage is recorded: every call a request carries is settled exactly once, with the
 * outcome of the step that decided it (refused by the rate limit, answered by a tool, or answered
 * by the protocol). A tool that finishes after the HTTP response (a stream, a legacy SSE session)
 * settles its own call when it does.
 */
export class CallLedger {
  private readonly settled = new Set<number>();
  private readonly spans: (Span | undefined)[];

  /** `labels[i]` null: the message is transport (a notification, a GET probe), never recorded. */
  constructor(
    private readonly tokenId: string | null,
    readonly calls: readonly unknown[],
    private readonly labels: readonly (string | null)[],
    private readonly source: CallSource,
    protocolVersion: string | null = null,
  ) {
    this.spans = calls.map((call) => messageSpan(call, protocolVersion));
  }

  settle(index: number, outcome: UsageOutcome, label = this.labels[index]) {
    if (this.settled.has(index) || index < 0 || index >= this.calls.length) return;
    this.settled.add(index);
    const span = this.spans[index];
    if (span) {
      if (outcome !== "succeeded") {
        span.setAttribute("error.type", outcome === "error" ? "tool_error" : outcome);
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    }
    if (!label) return;
    metrics().mcpCalls.inc({ tool: metricLabel(label), outcome });
    if (this.tokenId) usageRecorder().record(this.tokenId, label, outcome, this.source);
  }

  /** A tool reports its call (by JSON-RPC id) under the tool's own name. */
  readonly settleToolCall = (tool: string, outcome: UsageOutcome, id: string | number) => {
    const index = this.calls.findIndex((call, i) => !this.settled.has(i) && idOf(call) === id);
    this.settle(index, outcome, tool);
  };

  /** Every call not settled yet; `pending` leaves a call for its tool to settle later. */
  settleRest(outcomeOf: (call: unknown, index: number) => UsageOutcome | "pending") {
    this.calls.forEach((call, index) => {
      if (this.settled.has(index)) return;
      const outcome = outcomeOf(call, index);
      if (outcome !== "pending") this.settle(index, outcome);
    });
  }
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

// ---------------------------------------------------------------------------------------------
// 5. Scopes, decided once per call

/** Keyway's JSON-RPC code for a call the token's scopes do not allow. */
export const INSUFFICIENT_SCOPE_CODE = -32003;

/** The scope refusal of every `tools/call` the body carries, by JSON-RPC id. */
function scopeRefusals(principal: Principal, calls: readonly unknown[]): Map<string | number, ScopeRefusal> {
  const refusals = new Map<string | number, ScopeRefusal>();
  for (const call of calls) {
    const m = call as { method?: unknown; params?: { name?: unknown } } | null;
    const id = idOf(call);
    if (m?.method !== "tools/call" || typeof m.params?.name !== "string" || id === null) continue;
    const refusal = toolScopeRefusal(principal, m.params.name);
    if (refusal) refusals.set(id, refusal);
  }
  return refusals;
}

/**
 * A single `tools/call` the token may not make is answered before it runs, in a way both kinds of
 * client can use: HTTP 403 with an RFC 6750 `insufficient_scope` challenge naming the scopes the
 * call lacks and the resource metadata, so an OAuth client can step up (since 2026-07-28 the client
 * adds them to what it holds, and Keyway's authorization server adds them to the app's one grant
 * for older clients that do not), and a JSON-RPC error that names them too, which is what a client
 * holding a pasted token shows its user. Inside a batch, the tool answers with the same refusal.
 */
export function stepUpResponse(admitted: Admitted, message: unknown): Response | null {
  const id = idOf(message);
  const refusal = id === null ? undefined : admitted.refusals.get(id);
  if (!refusal) return null;
  const scope = refusal.missing.join(" ");
  const challenge = challengeOf(
    new DomainError("insufficient_scope", refusal.message, { credential: "api_token", scope }),
    statusOf("insufficient_scope"),
  )!;
  const body = jsonRpcError(id, INSUFFICIENT_SCOPE_CODE, refusal.message, { requiredScopes: refusal.missing });
  admitted.ledger.settle(0, "denied", refusal.tool);
  metrics().mcpRefusals.inc({ reason: "scope" });
  return jsonRpcErrorResponse(statusOf("insufficient_scope"), body, {
    ...admitted.headers,
    "WWW-Authenticate": challenge,
  });
}

// ---------------------------------------------------------------------------------------------
// Admission: steps 1-5 in order

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
  refusals: Map<string | number, ScopeRefusal>;
};

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
 * era. Returns the response to send instead when it is refused.
 */
export async function admitMcpRequest(request: Request): Promise<{ refused: Response } | { admitted: Admitted }> {
  const cors = corsHeaders(request);
  const problem = originProblem(request);
  if (problem) return refuse(new DomainError("forbidden", problem), cors, "origin");
  if (request.method === "OPTIONS") return { refused: new Response(null, { status: 204, headers: cors }) };

  let principal: Principal;
  try {
    principal = await authenticate(request);
  } catch (error) {
    return refuse(withScopes(error), cors);
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
  // A GET or DELETE is the transport's (a stream probe, a session end): counted against the
  // limit like every request, but no call in the usage views.
  const calls = request.method === "POST" ? (Array.isArray(body) && body.length > 0 ? body : [body]) : [undefined];
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
    // A list may have widened since this instance kept the row: a refusal is confirmed first.
    if (!isAllowedAddress(principal, address)) principal = await confirm(principal, "current");
    requireAllowedAddress(principal, address);
  } catch (error) {
    ledger.settleRest(() => "denied");
    return refuse(withScopes(error), cors);
  }

  let decision: RateDecision | undefined;
  if (principal.rateLimitPerHour !== null && principal.tokenId) {
    const counted = await countCalls(principal.tokenId, principal.userId, calls.length);
    if (!isCurrentAt(principal, counted.epoch)) {
      // The token changed since this instance kept its row: its state as of the epoch just read
      // decides (so a revocation announced before this request is never missed).
      try {
        principal = await confirm(principal, { epoch: counted.epoch! });
        requireAllowedAddress(principal, address);
      } catch (error) {
        ledger.settleRest(() => "denied");
        return refuse(withScopes(error), cors);
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
  const refusals = scopeRefusals(principal, calls.slice(0, admittedCalls));
  return {
    admitted: { principal, body, admittedCalls, headers, rateLimit: rateState(decision), ledger, refusals },
  };
}

/**
 * The AuthInfo the SDK hands each message's handler: the caller as admitted for that message and
 * its meter. On the legacy SSE transport one server answers many messages, each admitted on its own.
 */
export function callerAuthInfo({ principal, rateLimit, ledger, refusals }: Admitted): AuthInfo {
  const context: CallerContext = {
    principal,
    rateLimit,
    onToolCall: ledger.settleToolCall,
    refusalOf: (id) => refusals.get(id),
  };
  return { ...authInfoOf(principal), extra: { keyway: context } };
}

// ---------------------------------------------------------------------------------------------
// 6. Dispatch to the SDK

/** JSON when the client lists application/json first, an SSE stream when it prefers text/event-stream. */
function prefersJson(request: Request): boolean {
  const accept = (request.headers.get("accept") ?? "").toLowerCase();
  const sse = accept.indexOf("text/event-stream");
  const json = accept.indexOf("application/json");
  return sse === -1 || (json !== -1 && json < sse);
}

// Protocol revision 2026-07-28 (per-request `_meta`, server/discover, Mcp-Method/Mcp-Name headers,
// resultType, cache hints): the SDK's own per-request entry, strict, since 2025-era requests take
// the leg below. It builds a fresh server per request from the same factory.
const modern = createMcpHandler(() => createMcpServer(), { legacy: "reject", maxRequestBodySize: MAX_MCP_BODY_BYTES });

/**
 * The 2025 transport refuses an unsupported `MCP-Protocol-Version` with `id: null`, though the
 * request's id was readable (JSON-RPC 2.0 section 5 asks for it); the same refusal, with the id.
 * `initialize` negotiates its version in the body instead, and a batch has no single id.
 */
function unsupportedVersion(request: Request, body: unknown): Response | null {
  const version = request.headers.get("mcp-protocol-version");
  if (version === null || SUPPORTED_PROTOCOL_VERSIONS.includes(version)) return null;
  if (Array.isArray(body) || (body as { method?: unknown } | null)?.method === "initialize") return null;
  const message = `Bad Request: Unsupported protocol version: ${version} (supported versions: ${SUPPORTED_PROTOCOL_VERSIONS.join(", ")})`;
  return jsonRpcErrorResponse(400, jsonRpcError(idOf(body), -32000, message), {});
}

/**
 * Hands the admitted request to the SDK with the caller attached: the 2026-07-28 entry, or for the
 * 2025 revisions (initialize, batches) the SDK's stateless Streamable HTTP transport, answering
 * JSON or SSE as the client's Accept prefers (always JSON for a batch).
 */
async function dispatch(request: Request, admitted: Admitted, body: unknown): Promise<Response> {
  const authInfo = callerAuthInfo(admitted);
  if (!Array.isArray(body) && !(await isLegacyRequest(request, body))) {
    return modern.fetch(request, { parsedBody: body, authInfo });
  }
  const refused = unsupportedVersion(request, body);
  if (refused) return refused;
  const server = createMcpServer();
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: Array.isArray(body) || prefersJson(request),
  });
  await server.connect(transport);
  return transport.handleRequest(request, { parsedBody: body, authInfo });
}

/**
 * A JSON-RPC batch (2025-03-26): every call counted against the rate limit, the first ones that
 * fit run, and each call past the limit gets its own error without running.
 */
async function answerBatch(request: Request, admitted: Admitted, batch: unknown[]): Promise<Response> {
  const { ledger, headers, admittedCalls, rateLimit } = admitted;
  const response = await dispatch(request, admitted, batch.slice(0, admittedCalls));
  if (response.status !== 200 && response.status !== 202) {
    ledger.settleRest((_call, index) => (index < admittedCalls ? "error" : "rateLimited"));
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    return response;
  }
  const parsed: unknown = response.status === 200 ? await response.json() : [];
  const answers = (Array.isArray(parsed) ? parsed : [parsed]) as { id?: unknown; error?: unknown }[];
  ledger.settleRest((call, index) => {
    if (index >= admittedCalls) return "rateLimited";
    const id = idOf(call);
    return answers.some((answer) => id !== null && answer.id === id && answer.error) ? "error" : "succeeded";
  });
  // Requests past the limit get an answer; notifications get none, as if they had run.
  const refusals = batch
    .slice(admittedCalls)
    .filter((call) => idOf(call) !== null && typeof (call as { method?: unknown }).method === "string")
    .map((call) =>
      jsonRpcError(
        idOf(call),
        -32000,
        `Rate limit of ${rateLimit.limit} requests per hour exceeded; this call did not run.`,
        {
          status: 429,
        },
      ),
    );
  const all = [...answers, ...refusals];
  return all.length ? Response.json(all, { status: 200, headers }) : new Response(null, { status: 202, headers });
}

/** /mcp: admit, dispatch to the SDK, and settle each call's usage once in the ledger. */
export async function handleMcpRequest(request: Request): Promise<Response> {
  const gate = await admitMcpRequest(request);
  if ("refused" in gate) return gate.refused;
  const { body, headers, ledger } = gate.admitted;

  let response: Response;
  if (request.method !== "POST") {
    // Stateless: there is no session to stream notifications on or to delete.
    response = new Response(null, { status: 405, headers: { Allow: "POST, OPTIONS" } });
  } else if (Array.isArray(body) && body.length > 0) {
    return answerBatch(request, gate.admitted, body);
  } else {
    const refused = stepUpResponse(gate.admitted, body);
    if (refused) return refused;
    response = await dispatch(request, gate.admitted, body);
  }
  // A streamed tool call settles itself when the tool finishes; everything else by the answer.
  const streaming = response.headers.get("content-type")?.includes("text/event-stream") ?? false;
  ledger.settleRest((call) =>
    streaming && (call as { method?: unknown } | null)?.method === "tools/call"
      ? "pending"
      : response.status < 400
        ? "succeeded"
        : "error",
  );
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}
