import {
  Client as ClientV2,
  StreamableHTTPClientTransport as StreamableHTTPClientTransportV2,
} from "@modelcontextprotocol/client";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { baseUrl } from "./api";

/** The SDK's own client, connected to /mcp over real HTTP with the token as Bearer. */
export async function connectMcp(token: string | undefined, options: { base?: string; path?: string } = {}) {
  const client = new Client({ name: "keyway-tests", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(
    new URL(`${options.base ?? baseUrl()}${options.path ?? "/mcp"}`),
    {
      requestInit: token ? { headers: { Authorization: `Bearer ${token}` } } : undefined,
    },
  );
  await client.connect(transport);
  return client;
}

export type ToolResult = { isError?: boolean; structuredContent?: any; content: { type: string; text?: string }[] };

export async function callTool(client: Client, name: string, args: Record<string, unknown> = {}): Promise<ToolResult> {
  return (await client.callTool({ name, arguments: args })) as ToolResult;
}

/** A raw JSON-RPC POST to /mcp, for status codes and headers the client hides. */
export async function rawMcp(
  body: unknown,
  init: { token?: string; headers?: Record<string, string>; base?: string; path?: string; method?: string } = {},
) {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    ...init.headers,
  };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const response = await fetch(`${init.base ?? baseUrl()}${init.path ?? "/mcp"}`, {
    method: init.method ?? "POST",
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* SSE or empty */
  }
  return { status: response.status, headers: response.headers, text, json };
}

export const initializeMessage = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
};

export const toolCall = (name: string, args: Record<string, unknown> = {}, id = 2) => ({
  jsonrpc: "2.0",
  id,
  method: "tools/call",
  params: { name, arguments: args },
});

/** The SDK's client over the older HTTP+SSE transport (GET /mcp/sse, POST /mcp/messages). */
export async function connectLegacySse(token: string, base = baseUrl()) {
  const transport = new SSEClientTransport(new URL(`${base}/mcp/sse`), {
    eventSourceInit: {
      fetch: (url, init) => fetch(url, { ...init, headers: { ...init?.headers, Authorization: `Bearer ${token}` } }),
    },
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  const client = new Client({ name: "legacy", version: "1" });
  await client.connect(transport);
  return client;
}

/**
 * The SDK's current major (2.x) client over Streamable HTTP. `legacy` is its default (the 2025
 * handshake); `auto` probes with server/discover first; a pin speaks exactly that revision.
 */
export async function connectMcpV2(
  token: string,
  mode: "legacy" | "auto" | { pin: string },
  options: { base?: string; path?: string } = {},
) {
  const client = new ClientV2({ name: "keyway-tests-v2", version: "1.0.0" }, { versionNegotiation: { mode } });
  const transport = new StreamableHTTPClientTransportV2(
    new URL(`${options.base ?? baseUrl()}${options.path ?? "/mcp"}`),
    { requestInit: { headers: { Authorization: `Bearer ${token}` } } },
  );
  await client.connect(transport);
  return client;
}
