import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { ApiError, errorResponse } from "../api/errors";
import { readJson } from "../api/parse";
import type { Principal } from "../tokens/verify-token";
import { usageRecorder, type UsageOutcome } from "../usage/usage-recorder";
import { authenticateMcpRequest } from "./authenticate";
import { corsHeaders, originProblem } from "./origin";
import { consumeRequest, rateLimitHeaders, type RateDecision } from "./rate-limiter";
import { createMcpServer, type McpRequestContext } from "./server";
import type { RateLimitState } from "./tool";

export const MAX_MCP_BODY_BYTES = 1024 * 1024;

/** The name usage is recorded under: the tool for `tools/call`, the JSON-RPC method otherwise. */
export function usageLabel(body: unknown): string {
  if (Array.isArray(body)) return "batch";
  const message = body as { method?: unknown; params?: { name?: unknown } } | null;
  if (message?.method === "tools/call" && typeof message.params?.name === "string") return message.params.name.slice(0, 100);
  return typeof message?.method === "string" ? message.method.slice(0, 100) : "invalid";
}

function jsonRpcError(status: number, code: number, message: string, headers: Record<string, string>) {
  return Response.json({ jsonrpc: "2.0", id: null, error: { code, message } }, { status, headers });
}

function withHeaders(response: Response, headers: Record<string, string>): Response {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

function rateState(decision: RateDecision | undefined): RateLimitState {
  if (!decision) return { limit: null, remaining: null, resetAt: null };
  return { limit: decision.limit, remaining: decision.remaining, resetAt: new Date(Date.now() + decision.resetSeconds * 1000).toISOString() };
}

/** JSON when the client lists application/json first, an SSE stream when it prefers text/event-stream. */
function prefersJson(request: Request): boolean {
  const accept = (request.headers.get("accept") ?? "").toLowerCase();
  const sse = accept.indexOf("text/event-stream");
  const json = accept.indexOf("application/json");
  return sse === -1 || (json !== -1 && json < sse);
}

/**
 * /mcp as a pure resource server: origin check, authentication, rate limit, then the SDK's
 * stateless Streamable HTTP transport with a server built for this caller. Usage is recorded
 * for every request that a token is known for.
 */
export async function handleMcpRequest(request: Request): Promise<Response> {
  const cors = corsHeaders(request);
  const problem = originProblem(request);
  if (problem) return errorResponse(new ApiError("forbidden", problem), cors);
  if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: cors });

  let principal: Principal;
  try {
    principal = await authenticateMcpRequest(request);
  } catch (error) {
    return errorResponse(error, cors);
  }

  let body: unknown;
  if (request.method === "POST") {
    try {
      body = await readJson(request, { maxBytes: MAX_MCP_BODY_BYTES });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const status = error.status;
      return jsonRpcError(status, status === 400 ? -32700 : -32600, error.message, cors);
    }
  }
  const label = request.method === "POST" ? usageLabel(body) : `http:${request.method}`;
  const record = (outcome: UsageOutcome, tool = label) => {
    if (principal.tokenId) usageRecorder().record(principal.tokenId, tool, outcome);
  };

  let decision: RateDecision | undefined;
  if (principal.rateLimitPerHour !== null && principal.tokenId) {
    decision = await consumeRequest(principal.tokenId, principal.rateLimitPerHour);
    if (!decision.allowed) {
      record("rateLimited");
      const error = new ApiError("rate_limited", `Rate limit of ${decision.limit} requests per hour exceeded; retry in ${decision.resetSeconds} s.`);
      return errorResponse(error, { ...cors, ...rateLimitHeaders(decision), "Retry-After": String(decision.resetSeconds) });
    }
  }
  const headers = { ...cors, ...(decision && rateLimitHeaders(decision)) };

  if (request.method !== "POST") {
    // Stateless: there is no session to stream notifications on or to delete.
    record("error");
    return new Response(null, { status: 405, headers: { ...headers, Allow: "POST, OPTIONS" } });
  }

  let toolRecorded = false;
  const context: McpRequestContext = {
    principal,
    rateLimit: rateState(decision),
    onToolCall: (tool, outcome) => {
      toolRecorded = true;
      record(outcome, tool);
    },
  };
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: prefersJson(request) });
  const server = createMcpServer(context);
  await server.connect(transport);
  const response = await transport.handleRequest(request, { parsedBody: body });
  // Tool calls record their own outcome (in SSE mode, when they finish); the rest by status.
  const isToolCall = (body as { method?: unknown } | null)?.method === "tools/call";
  const streaming = response.headers.get("content-type")?.includes("text/event-stream") ?? false;
  if (!toolRecorded && !(isToolCall && streaming)) {
    record(response.status < 400 ? "succeeded" : "error");
  }
  return withHeaders(response, headers);
}
