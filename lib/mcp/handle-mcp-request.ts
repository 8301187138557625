import {
  createMcpHandler,
  isLegacyRequest,
  WebStandardStreamableHTTPServerTransport,
} from "@modelcontextprotocol/server";
import { admitMcpRequest, MAX_MCP_BODY_BYTES, usageLabel, type Admitted } from "./admit-request";
import { authInfoFor, createMcpServer, type McpRequestContext } from "./server";

/** JSON when the client lists application/json first, an SSE stream when it prefers text/event-stream. */
function prefersJson(request: Request): boolean {
  const accept = (request.headers.get("accept") ?? "").toLowerCase();
  const sse = accept.indexOf("text/event-stream");
  const json = accept.indexOf("application/json");
  return sse === -1 || (json !== -1 && json < sse);
}

type JsonRpcMessage = { id?: string | number | null; method?: unknown; error?: unknown };

/** A message's id, when it is an object that has one (a batch may hold anything). */
function idOf(message: unknown): string | number | undefined {
  const id = typeof message === "object" && message !== null ? (message as JsonRpcMessage).id : undefined;
  return typeof id === "string" || typeof id === "number" ? id : undefined;
}

// Protocol revision 2026-07-28 (per-request `_meta`, server/discover, Mcp-Method/Mcp-Name headers,
// resultType, cache hints): the SDK's own per-request entry, strict, since 2025-era requests are
// routed to the leg below. It builds a fresh server per request from the same factory.
const modern = createMcpHandler(() => createMcpServer(), { legacy: "reject", maxRequestBodySize: MAX_MCP_BODY_BYTES });

/** The 2025 revisions (initialize, batches): the SDK's stateless Streamable HTTP transport. */
async function dispatchLegacy(
  request: Request,
  admitted: Admitted,
  body: unknown,
  options: { json: boolean; onToolCall: McpRequestContext["onToolCall"] },
) {
  const server = createMcpServer();
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: options.json,
  });
  await server.connect(transport);
  const { principal, rateLimit } = admitted;
  const authInfo = authInfoFor({ principal, rateLimit, onToolCall: options.onToolCall });
  return transport.handleRequest(request, { parsedBody: body, authInfo });
}

/**
 * A JSON-RPC batch (2025-03-26): every call counts against the rate limit, the first ones that
 * fit run, and each call past the limit is answered with its own error without running. The
 * answers are collected as JSON so the refusals can join them in one array.
 */
async function answerBatch(request: Request, admitted: Admitted, batch: unknown[]): Promise<Response> {
  const { record, headers, admittedCalls, rateLimit } = admitted;
  const run = batch.slice(0, admittedCalls);
  const refused = batch.slice(admittedCalls);
  const toolCallsRecorded = new Set<string | number>();
  const response = await dispatchLegacy(request, admitted, run, {
    json: true,
    onToolCall: (tool, outcome, id) => {
      toolCallsRecorded.add(id);
      record(outcome, tool);
    },
  });
  if (response.status !== 200 && response.status !== 202) {
    for (const message of run) record("error", usageLabel(message));
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    return response;
  }
  const parsed: unknown = response.status === 200 ? await response.json() : [];
  const answers = (Array.isArray(parsed) ? parsed : [parsed]) as JsonRpcMessage[];
  for (const message of run) {
    const id = idOf(message);
    if (id !== undefined && toolCallsRecorded.has(id)) continue;
    const answer = id === undefined ? undefined : answers.find((a) => a.id === id);
    record(answer?.error ? "error" : "succeeded", usageLabel(message));
  }
  for (const message of refused) record("rateLimited", usageLabel(message));
  // Requests get an answer; notifications and responses get none, as if they had run.
  const refusals = refused
    .filter((message) => idOf(message) !== undefined && usageLabel(message) !== "invalid")
    .map((message) => ({
      jsonrpc: "2.0",
      id: idOf(message),
      error: {
        code: -32000,
        message: `Rate limit of ${rateLimit.limit} requests per hour exceeded; this call did not run.`,
        data: { status: 429 },
      },
    }));
  const all = [...answers, ...refusals];
  return all.length ? Response.json(all, { status: 200, headers }) : new Response(null, { status: 202, headers });
}

/**
 * /mcp as a pure resource server: once the request is admitted, the SDK's stateless Streamable
 * HTTP transport answers it with a server built for this caller.
 */
export async function handleMcpRequest(request: Request): Promise<Response> {
  const gate = await admitMcpRequest(request);
  if ("refused" in gate) return gate.refused;
  const { body, headers, record } = gate.admitted;

  if (request.method !== "POST") {
    // Stateless: there is no session to stream notifications on or to delete.
    record("error");
    return new Response(null, { status: 405, headers: { ...headers, Allow: "POST, OPTIONS" } });
  }
  if (Array.isArray(body) && body.length > 0) return answerBatch(request, gate.admitted, body);

  let toolRecorded = false;
  const onToolCall: McpRequestContext["onToolCall"] = (tool, outcome) => {
    toolRecorded = true;
    record(outcome, tool);
  };
  const response = (await isLegacyRequest(request, body))
    ? await dispatchLegacy(request, gate.admitted, body, { json: prefersJson(request), onToolCall })
    : await modern.fetch(request, {
        parsedBody: body,
        authInfo: authInfoFor({ principal: gate.admitted.principal, rateLimit: gate.admitted.rateLimit, onToolCall }),
      });

  // Tool calls record their own outcome (when streaming, as they finish); the rest by status.
  const isToolCall = (body as { method?: unknown } | null)?.method === "tools/call";
  const streaming = response.headers.get("content-type")?.includes("text/event-stream") ?? false;
  if (!toolRecorded && !(isToolCall && streaming)) record(response.status < 400 ? "succeeded" : "error");
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}
