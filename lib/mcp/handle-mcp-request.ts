import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { admitMcpRequest } from "./admit-request";
import { createMcpServer } from "./server";

/** JSON when the client lists application/json first, an SSE stream when it prefers text/event-stream. */
function prefersJson(request: Request): boolean {
  const accept = (request.headers.get("accept") ?? "").toLowerCase();
  const sse = accept.indexOf("text/event-stream");
  const json = accept.indexOf("application/json");
  return sse === -1 || (json !== -1 && json < sse);
}

/**
 * /mcp as a pure resource server: once the request is admitted, the SDK's stateless Streamable
 * HTTP transport answers it with a server built for this caller.
 */
export async function handleMcpRequest(request: Request): Promise<Response> {
  const gate = await admitMcpRequest(request);
  if ("refused" in gate) return gate.refused;
  const { principal, body, headers, rateLimit, record } = gate.admitted;

  if (request.method !== "POST") {
    // Stateless: there is no session to stream notifications on or to delete.
    record("error");
    return new Response(null, { status: 405, headers: { ...headers, Allow: "POST, OPTIONS" } });
  }

  let toolRecorded = false;
  const server = createMcpServer({
    principal,
    rateLimit,
    onToolCall: (tool, outcome) => {
      toolRecorded = true;
      record(outcome, tool);
    },
  });
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: prefersJson(request),
  });
  await server.connect(transport);
  const response = await transport.handleRequest(request, { parsedBody: body });

  // Tool calls record their own outcome (when streaming, as they finish); the rest by status.
  const isToolCall = (body as { method?: unknown } | null)?.method === "tools/call";
  const streaming = response.headers.get("content-type")?.includes("text/event-stream") ?? false;
  if (!toolRecorded && !(isToolCall && streaming)) record(response.status < 400 ? "succeeded" : "error");
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}
