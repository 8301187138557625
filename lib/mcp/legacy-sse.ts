import { randomUUID } from "node:crypto";
import {
  parseJSONRPCMessage,
  type AuthInfo,
  type JSONRPCMessage,
  type MessageExtraInfo,
  type Transport,
} from "@modelcontextprotocol/server";
import { errorResponse } from "../api/errors";
import { DomainError } from "../errors";
import { admitMcpRequest } from "./gate";
import { callerAuthInfo } from "./stages/dispatch";
import { idOf, jsonRpcError, jsonRpcErrorResponse } from "./stages/json-rpc";
import { stepUpResponse } from "./stages/scopes";
import { createMcpServer } from "./server";

// The older HTTP+SSE transport (protocol 2024-11-05) for clients that still use it: GET /mcp/sse
// opens a stream whose first event names /mcp/messages?sessionId=...; the client POSTs messages
// there and the answers arrive on the stream. Sessions live in this process, so behind a load
// balancer this transport needs sticky sessions; Streamable HTTP at /mcp does not. Written by
// hand: the 2.x SDK ships no server side of this transport. Every request passes the same gate.
const KEEP_ALIVE_MS = 15_000;

class WebSseServerTransport implements Transport {
  readonly sessionId = randomUUID();
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: <T extends JSONRPCMessage>(message: T, extra?: MessageExtraInfo) => void;
  private controller?: ReadableStreamDefaultController<Uint8Array>;
  private keepAlive?: NodeJS.Timeout;
  private closed = false;
  readonly stream: ReadableStream<Uint8Array>;

  constructor(private readonly endpoint: string) {
    this.stream = new ReadableStream({
      start: (controller) => {
        this.controller = controller;
      },
      cancel: () => void this.close(),
    });
  }

  private write(text: string) {
    if (this.closed) return;
    try {
      this.controller?.enqueue(new TextEncoder().encode(text));
    } catch {
      void this.close();
    }
  }

  async start() {
    this.write(`event: endpoint\ndata: ${this.endpoint}?sessionId=${this.sessionId}\n\n`);
    this.keepAlive = setInterval(() => this.write(": keep-alive\n\n"), KEEP_ALIVE_MS);
    this.keepAlive.unref();
  }

  async send(message: JSONRPCMessage) {
    this.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
  }

  async close() {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.keepAlive);
    try {
      this.controller?.close();
    } catch {
      /* already closed by the client */
    }
    this.onclose?.();
  }

  receive(message: JSONRPCMessage, authInfo: AuthInfo) {
    this.onmessage?.(message, { authInfo });
  }
}

type Session = { transport: WebSseServerTransport; tokenId: string | null; orgId: string };
const globalForSse = globalThis as unknown as { keywaySseSessions?: Map<string, Session> };
const sessions = (globalForSse.keywaySseSessions ??= new Map());

/**
 * GET /mcp/sse: authenticate, then open the event stream of a new session. The stream only
 * carries answers: each message POSTed to the session is admitted on its own and acts with the
 * token's state at that moment.
 */
export async function openSseSession(request: Request): Promise<Response> {
  const gate = await admitMcpRequest(request);
  if ("refused" in gate) return gate.refused;
  const { principal, headers, ledger } = gate.admitted;
  const transport = new WebSseServerTransport(`${new URL(request.url).pathname.replace(/\/sse\/?$/, "")}/messages`);
  const server = createMcpServer();
  sessions.set(transport.sessionId, { transport, tokenId: principal.tokenId, orgId: principal.orgId });
  transport.onclose = () => sessions.delete(transport.sessionId);
  request.signal.addEventListener("abort", () => void transport.close());
  await server.connect(transport);
  ledger.settle(0, "succeeded", { label: "sse:open", status: 200 });
  return new Response(transport.stream, {
    headers: {
      ...headers,
      "Content-Type": "text/event-stream",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
    },
  });
}

/** POST /mcp/messages?sessionId=...: the same token as the stream's, then hand the message over. */
export async function postSseMessage(request: Request): Promise<Response> {
  const gate = await admitMcpRequest(request);
  if ("refused" in gate) return gate.refused;
  const { principal, body, headers, ledger } = gate.admitted;
  const session = sessions.get(new URL(request.url).searchParams.get("sessionId") ?? "");
  if (!session || session.tokenId !== principal.tokenId || session.orgId !== principal.orgId) {
    const error = new DomainError(
      "not_found",
      "No SSE session with this id for this token; open one with GET /mcp/sse.",
    );
    const response = errorResponse(error, headers);
    ledger.settleRest(() => "error", { status: response.status, reason: error.message });
    return response;
  }
  let message: JSONRPCMessage;
  try {
    message = parseJSONRPCMessage(body);
  } catch {
    ledger.settleRest(() => "error", { status: 400, reason: "Invalid JSON-RPC message" });
    return jsonRpcErrorResponse(400, jsonRpcError(idOf(body), -32600, "Invalid JSON-RPC message"), headers);
  }
  const refused = stepUpResponse(gate.admitted, message);
  if (refused) return refused;
  // The answer arrives on the stream: a tool call settles itself when the tool finishes.
  ledger.settleRest(() => ("method" in message && message.method === "tools/call" ? "pending" : "succeeded"), {
    status: 202,
  });
  session.transport.receive(message, callerAuthInfo(gate.admitted));
  return new Response("Accepted", { status: 202, headers });
}
