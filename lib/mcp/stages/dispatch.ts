import {
  createMcpHandler,
  isLegacyRequest,
  SUPPORTED_PROTOCOL_VERSIONS,
  WebStandardStreamableHTTPServerTransport,
  type AuthInfo,
} from "@modelcontextprotocol/server";
import { createMcpServer, type CallerContext } from "../server";
import type { Admitted } from "./admitted";
import { authInfoOf } from "./bearer";
import { MAX_MCP_BODY_BYTES } from "./body";
import { idOf, jsonRpcError, jsonRpcErrorResponse } from "./json-rpc";

// Stage 6: dispatch to the SDK (Keyway's own tools), the 2026-07-28 entry or the 2025 transport.

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
export async function dispatch(request: Request, admitted: Admitted, body: unknown): Promise<Response> {
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
export async function answerBatch(request: Request, admitted: Admitted, batch: unknown[]): Promise<Response> {
  const { ledger, headers, admittedCalls, rateLimit } = admitted;
  const response = await dispatch(request, admitted, batch.slice(0, admittedCalls));
  if (response.status !== 200 && response.status !== 202) {
    ledger.settleRest((_call, index) => (index < admittedCalls ? "error" : "rateLimited"), {
      status: response.status,
      reason: `HTTP ${response.status}`,
    });
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    return response;
  }
  const parsed: unknown = response.status === 200 ? await response.json() : [];
  const answers = (Array.isArray(parsed) ? parsed : [parsed]) as { id?: unknown; error?: unknown }[];
  // Each call by its own answer: past the limit, or a JSON-RPC error, inside a 200.
  const overLimit = `Rate limit of ${rateLimit.limit} requests per hour exceeded; this call did not run.`;
  const errorOf = (call: unknown) => {
    const id = idOf(call);
    const answer = id === null ? undefined : answers.find((candidate) => candidate.id === id && candidate.error);
    if (!answer) return undefined;
    const { message } = answer.error as { message?: unknown };
    return typeof message === "string" ? message : "JSON-RPC error";
  };
  batch.forEach((call, index) => {
    const failure = index < admittedCalls ? errorOf(call) : overLimit;
    const outcome = index >= admittedCalls ? "rateLimited" : failure !== undefined ? "error" : "succeeded";
    ledger.settle(index, outcome, { status: response.status, reason: failure ?? null });
  });
  // Requests past the limit get an answer; notifications get none, as if they had run.
  const refusals = batch
    .slice(admittedCalls)
    .filter((call) => idOf(call) !== null && typeof (call as { method?: unknown }).method === "string")
    .map((call) => jsonRpcError(idOf(call), -32000, overLimit, { status: 429 }));
  const all = [...answers, ...refusals];
  return all.length ? Response.json(all, { status: 200, headers }) : new Response(null, { status: 202, headers });
}
