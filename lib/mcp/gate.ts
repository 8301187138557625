import { errorResponse } from "../api/errors";
import { observeUse } from "../activity/flags";
import { DomainError } from "../errors";
import { metrics, type RefusalReason } from "../metrics/metrics";
import { clientAddress } from "../net/client-address";
import { describeWait } from "../time";
import type { Principal } from "../tokens/verify-token";
import type { Admitted } from "./stages/admitted";
import { authenticate, withScopes } from "./stages/bearer";
import { readMcpBody } from "./stages/body";
import { admitAddress } from "./stages/client-address";
import { answerBatch, dispatch } from "./stages/dispatch";
import type { UsageOutcome } from "../usage/usage-recorder";
import { CallLedger, clientInfoName, clientNames, isUpstreamToolName, usageLabel } from "./stages/ledger";
import { confirmCounted, countCalls, decide, rateLimitHeaders, rateState, type RateDecision } from "./stages/meter";
import { corsHeaders, originProblem } from "./stages/origin";
import { keywayMcp, upstreamResource, type Resource } from "./stages/resource";
import { scopeRefusals, stepUpResponse, toolRefusals } from "./stages/scopes";
import { HEADER_MISMATCH_CODE, headerMismatch } from "./stages/standard-headers";
import { idOf, jsonRpcError, jsonRpcErrorResponse } from "./stages/json-rpc";
import { forwardToUpstream, gatewayFailure } from "./stages/upstream";
import { serverBySlug } from "../upstream/servers";

// The gate of /mcp: everything a request passes before and around the SDK, in the order it
// happens, for every era and transport (2026-07-28, the 2025 Streamable HTTP transport, JSON-RPC
// batches, and the legacy HTTP+SSE transport in ./legacy-sse.ts). Each stage is a module of
// ./stages:
//   1. origin and host (DNS-rebinding protection) and CORS           origin.ts
//   2. the bearer token, verified once with Keyway's verifier          bearer.ts
//   3. the client address the token may be used from                  client-address.ts
//   4. the meter: every call counted against the rate limit in one     meter.ts
//      atomic step (which also confirms a kept token row), then
//      recorded once, with one span per message                        ledger.ts
//   5. scopes: a `tools/call` the token may not make is decided here  scopes.ts
//   6. dispatch to the SDK with an AuthInfo carrying the caller       dispatch.ts
//      or, for an organization's upstream server, forwarding to it     upstream.ts

export type { Admitted } from "./stages/admitted";

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

/** An answer's status, and for an error answer why, where Keyway knows it (the HTTP status otherwise). */
function answerEnd(response: Response, reason?: string) {
  return { status: response.status, reason: response.status < 400 ? null : (reason ?? `HTTP ${response.status}`) };
}

/**
 * A refusal once the calls are known: the answer as `refuse` gives it, and every call the request
 * carries settled with that answer's status and the refusal's message as its reason.
 */
function refuseCalls(
  ledger: CallLedger,
  error: unknown,
  outcome: UsageOutcome,
  headers: Record<string, string>,
  reason?: RefusalReason,
): { refused: Response } {
  const refusal = refuse(error, headers, reason);
  const message = error instanceof Error ? error.message : "Refused";
  ledger.settleRest(() => outcome, { status: refusal.refused.status, reason: message });
  return refusal;
}

/**
 * Everything an MCP request passes before the protocol sees it, on every transport and in every
 * era: stages 1-5. Returns the response to send instead when it is refused.
 */
export async function admitMcpRequest(
  request: Request,
  resource: Resource = keywayMcp(),
): Promise<{ refused: Response } | { admitted: Admitted }> {
  const cors = corsHeaders(request);
  const problem = originProblem(request);
  if (problem) return refuse(new DomainError("forbidden", problem), cors, "origin");
  if (request.method === "OPTIONS") return { refused: new Response(null, { status: 204, headers: cors }) };

  let principal: Principal;
  try {
    principal = await authenticate(request, resource);
    // A server's tokens are its organization's (they are made only there): belt and braces.
    if (resource.server && principal.orgId !== resource.server.orgId) {
      throw new DomainError("invalid_token", "Invalid token: not for this server", { credential: "api_token" });
    }
  } catch (error) {
    return refuse(withScopes(error, resource), cors);
  }

  const read = await readMcpBody(request, cors);
  if ("refused" in read) return read;
  const { body } = read;
  // Decisions are made from the body: a 2026-07-28 header naming another call is refused.
  const mismatch = headerMismatch(request.headers, body);
  if (mismatch) {
    metrics().mcpRefusals.inc({ reason: "malformed" });
    return { refused: jsonRpcErrorResponse(400, jsonRpcError(idOf(body), HEADER_MISMATCH_CODE, mismatch), cors) };
  }
  // A GET or DELETE is the transport's (a stream probe, a session end): counted against the
  // limit like every request, but no call in the usage views.
  const calls = request.method === "POST" ? (Array.isArray(body) && body.length > 0 ? body : [body]) : [undefined];
  const address = clientAddress(request.headers);
  const ledger = new CallLedger(
    principal.tokenId,
    calls,
    request.method === "POST"
      ? calls.map((call) => usageLabel(call, resource.server ? isUpstreamToolName : undefined))
      : [null],
    {
      clientName: principal.tokenId ? clientNames.of(principal.tokenId, address, request, clientInfoName(body)) : null,
      clientAddress: address,
    },
    request.headers.get("mcp-protocol-version"),
    resource.server?.slug,
  );
  if (principal.tokenId && principal.userId && principal.expiresAt) {
    observeUse(principal.tokenId, [
      { kind: "address", value: address },
      { kind: "user_agent", value: request.headers.get("user-agent") },
      { kind: "client_info", value: clientInfoName(body) },
    ]);
  }

  try {
    principal = await admitAddress(principal, address);
  } catch (error) {
    return refuseCalls(ledger, withScopes(error, resource), "denied", cors);
  }

  let decision: RateDecision | undefined;
  if (principal.rateLimitPerHour !== null && principal.meteredAs) {
    const counted = await countCalls(principal.meteredAs, principal.userId, calls.length);
    try {
      principal = await confirmCounted(principal, counted, address);
    } catch (error) {
      return refuseCalls(ledger, withScopes(error, resource), "denied", cors);
    }
    decision = decide(counted, calls.length, principal.rateLimitPerHour ?? Number.MAX_SAFE_INTEGER);
    if (decision.admitted === 0) {
      const error = new DomainError(
        "rate_limited",
        `Rate limit of ${decision.limit} requests per hour exceeded; retry in ${describeWait(decision.resetSeconds)}.`,
      );
      return refuseCalls(
        ledger,
        error,
        "rateLimited",
        { ...cors, ...rateLimitHeaders(decision), "Retry-After": String(decision.resetSeconds) },
        "rate_limit",
      );
    }
  }
  const headers = { ...cors, ...(decision && rateLimitHeaders(decision)) };
  const admittedCalls = decision?.admitted ?? calls.length;
  // Keyway's own tools each need their scopes; an upstream server's are its own (execute:mcp
  // admits), unless the token names the only tools it may call.
  const admittedSlice = calls.slice(0, admittedCalls);
  const refusals = resource.server ? toolRefusals(principal, admittedSlice) : scopeRefusals(principal, admittedSlice);
  return {
    admitted: { resource, principal, body, admittedCalls, headers, rateLimit: rateState(decision), ledger, refusals },
  };
}

/**
 * APP_URL/mcp/servers/{slug}: the same stages, then the request forwarded to the organization's
 * server (stage 6, ./stages/upstream.ts). Each call is settled by the HTTP answer.
 */
export async function handleUpstreamRequest(request: Request, slug: string): Promise<Response> {
  const server = await serverBySlug(slug);
  if (!server) return errorResponse(new DomainError("not_found", `No MCP server ${slug} here.`), corsHeaders(request));
  const gate = await admitMcpRequest(request, upstreamResource(server));
  if ("refused" in gate) return gate.refused;
  const { body, headers, ledger, principal, admittedCalls, refusals } = gate.admitted;
  if (request.method === "POST" && Array.isArray(body) && admittedCalls < body.length) {
    // Part of a batch past the limit: the upstream gets none of it rather than a half.
    const error = new DomainError("rate_limited", "Rate limit exceeded for part of this batch; send fewer calls.");
    const retry = { "Retry-After": headers["RateLimit-Reset"] ?? "60" };
    return refuseCalls(ledger, error, "rateLimited", { ...headers, ...retry }, "rate_limit").refused;
  }
  if (refusals.size > 0) {
    if (!Array.isArray(body)) return stepUpResponse(gate.admitted, body)!;
    // A batch with a call the token may not make: the upstream gets none of it.
    const [refusal] = refusals.values();
    return refuseCalls(ledger, new DomainError("forbidden", refusal!.message), "denied", headers, "scope").refused;
  }
  const response = await forwardToUpstream(request, body, principal, server);
  ledger.settleRest(
    () => (response.status < 400 ? "succeeded" : "error"),
    answerEnd(response, gatewayFailure(response)),
  );
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

/** /mcp: admit, dispatch to the SDK (stage 6), and settle each call's usage once in the ledger. */
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
  ledger.settleRest(
    (call) =>
      streaming && (call as { method?: unknown } | null)?.method === "tools/call"
        ? "pending"
        : response.status < 400
          ? "succeeded"
          : "error",
    answerEnd(response),
  );
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}
