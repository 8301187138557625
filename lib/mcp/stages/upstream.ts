import http from "node:http";
import https from "node:https";
import { Readable } from "node:stream";
import type { UpstreamServer } from "../../db/types";
import { config } from "../../config";
import { log } from "../../log";
import { upstreamHostAllowedNow, upstreamLookup } from "../../net/upstream-policy";
import type { Principal } from "../../tokens/verify-token";
import { allowedUpstreams, upstreamCredential } from "../../upstream/servers";
import { bindSession, endSession, sessionCaller } from "../../upstream/sessions";
import { idOf, jsonRpcError, jsonRpcErrorResponse } from "./json-rpc";
import { filterEventStream, filterJsonAnswer } from "./tool-filter";

// Stage 6 for an upstream server: the admitted request forwarded to the organization's own MCP
// server, its answer streamed back as it comes (JSON or SSE). What crosses is an allowlist of
// MCP's own headers: never the client's Authorization, cookies or Keyway's headers. Keyway
// authenticates itself as the server's owner chose (lib/upstream/servers.ts, upstreamCredential). A 2025
// session id is bound to the caller that opened it, so another token cannot continue it.

const REQUEST_HEADERS = [
  "content-type",
  "accept",
  "mcp-protocol-version",
  "mcp-session-id",
  "mcp-method",
  "mcp-name",
  "last-event-id",
];
const RESPONSE_HEADERS = ["content-type", "mcp-session-id", "cache-control"];
/** The largest JSON answer held to be filtered for a narrowed token (a listing is far smaller). */
const MAX_FILTERED_JSON_BYTES = 8 * 1024 * 1024;
/** The largest JSON answer passed on: streamed, so memory stays bounded, but not without end. */
const MAX_JSON_ANSWER_BYTES = 32 * 1024 * 1024;

/** The stream cut off once more than `max` bytes have passed (the client sees the answer end early). */
function capped(max: number) {
  let passed = 0;
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      passed += chunk.byteLength;
      if (passed > max) controller.error(new Error("the MCP server's answer is too large"));
      else controller.enqueue(chunk);
    },
  });
}

/** The ids of the body's `tools/list` calls. */
function listingIds(body: unknown): Set<unknown> {
  const messages = Array.isArray(body) ? body : [body];
  return new Set(
    messages
      .filter((message) => (message as { method?: unknown } | null)?.method === "tools/list")
      .map((message) => idOf(message))
      .filter((id) => id !== null),
  );
}

/** A JSON answer, read whole (bounded) and filtered; null when it is larger than a listing can be. */
async function filteredJson(answer: http.IncomingMessage, listIds: Set<unknown>, allowed: ReadonlySet<string>) {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of answer) {
    size += (chunk as Buffer).length;
    if (size > MAX_FILTERED_JSON_BYTES) {
      answer.destroy();
      return null;
    }
    chunks.push(chunk as Buffer);
  }
  try {
    return filterJsonAnswer(Buffer.concat(chunks).toString("utf8"), listIds, allowed);
  } catch {
    return null;
  }
}

// Connections to upstream servers are kept alive and reused: a new TCP connection per call costs
// more than the call. An idle one is closed after 2 s, before a Node server's own 5 s keep-alive
// timeout, so no request is sent on a connection the server is closing. Each new connection is
// still made through the policy's lookup.
const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 256, timeout: 2_000 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 256, timeout: 2_000 }),
};

const callerOf = (principal: Principal) => `${principal.orgId}\n${principal.userId ?? "service"}\n${principal.tokenId}`;

// Keyway's own answers for an upstream that failed, with the message each gave, for the request log.
const failures = new WeakMap<Response, string>();

/** Why Keyway answered for the upstream server instead of passing its answer on; undefined if it did not. */
export const gatewayFailure = (response: Response) => failures.get(response);

function gatewayError(status: number, body: unknown, message: string) {
  const response = jsonRpcErrorResponse(
    status,
    jsonRpcError(Array.isArray(body) ? null : idOf(body), -32000, message),
    {},
  );
  failures.set(response, message);
  return response;
}

/** The answer to `request` (admitted for `principal`, its body already read) from `server`. */
export async function forwardToUpstream(
  request: Request,
  body: unknown,
  principal: Principal,
  server: UpstreamServer,
): Promise<Response> {
  const sessionId = request.headers.get("mcp-session-id");
  if (sessionId !== null) {
    let opener: string | null;
    try {
      opener = await sessionCaller(server.id, sessionId);
    } catch {
      return gatewayError(503, body, "Sessions cannot be checked right now; retry shortly.");
    }
    // Another caller's session, or one no instance saw opened: not continued (404 tells a 2025
    // client to start a new one, the Streamable HTTP transport's own rule).
    if (opener !== callerOf(principal)) return gatewayError(404, body, "Session not found");
  }
  const url = new URL(server.url);
  if (!upstreamHostAllowedNow(url, allowedUpstreams())) {
    return gatewayError(502, body, `The MCP server ${server.name} is at an address this Keyway no longer allows.`);
  }
  const headers: Record<string, string> = {};
  for (const name of REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  // Keyway's own credential for the server, as its owner chose: never the client's.
  try {
    const credential = await upstreamCredential(server, principal);
    if (credential) headers[credential[0]] = credential[1];
  } catch (error) {
    log("error", "upstream.credential_failed", { serverId: server.id, error: (error as Error).message });
    return gatewayError(500, body, `Keyway could not prepare its credential for the MCP server ${server.name}.`);
  }
  const payload = request.method === "POST" ? Buffer.from(JSON.stringify(body)) : undefined;
  if (payload) headers["content-length"] = String(payload.length);

  const [client, agent] = url.protocol === "https:" ? [https, agents.https] : [http, agents.http];
  let answer: http.IncomingMessage;
  try {
    answer = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const outgoing = client.request(
        url,
        {
          method: request.method,
          headers,
          lookup: upstreamLookup(allowedUpstreams()),
          agent,
          // The longest it may take to start answering; a stream may then run as long as it runs.
          timeout: config().upstreamTimeoutMs,
        },
        (answer) => {
          // Answering: a stream may be quiet as long as it likes.
          outgoing.setTimeout(0);
          resolve(answer);
        },
      );
      outgoing.on("timeout", () =>
        outgoing.destroy(Object.assign(new Error("no answer in time"), { code: "ETIMEDOUT" })),
      );
      outgoing.on("error", reject);
      // The client gone: so is the upstream request.
      request.signal.addEventListener("abort", () => outgoing.destroy(), { once: true });
      outgoing.end(payload);
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    log("warn", "upstream.unreachable", { serverId: server.id, code: code ?? "unknown" });
    return code === "ETIMEDOUT"
      ? gatewayError(504, body, `The MCP server ${server.name} did not answer in time.`)
      : gatewayError(502, body, `The MCP server ${server.name} could not be reached.`);
  }
  const status = answer.statusCode ?? 502;
  // The upstream refusing Keyway is not the client's credential failing: a 401 here would send an
  // OAuth client to sign in again, in a loop.
  if (status === 401 || status === 403) {
    answer.resume();
    return gatewayError(502, body, `The MCP server ${server.name} refused Keyway (HTTP ${status}).`);
  }
  const outgoingHeaders = new Headers();
  for (const name of RESPONSE_HEADERS) {
    const value = answer.headers[name];
    if (typeof value === "string") outgoingHeaders.set(name, value);
  }
  const opened = answer.headers["mcp-session-id"];
  try {
    if (typeof opened === "string" && status < 400 && opened !== sessionId) {
      await bindSession(server.id, opened, callerOf(principal));
    }
    if (request.method === "DELETE" && sessionId !== null && status < 400) await endSession(server.id, sessionId);
  } catch {
    answer.destroy();
    return gatewayError(503, body, "Sessions cannot be recorded right now; retry shortly.");
  }
  const empty = status === 204 || status === 304 || request.method === "HEAD";
  if (empty) return new Response(null, { status, headers: outgoingHeaders });
  const json = (answer.headers["content-type"] ?? "").includes("application/json");
  if (json && Number(answer.headers["content-length"] ?? 0) > MAX_JSON_ANSWER_BYTES) {
    answer.destroy();
    log("warn", "upstream.answer_too_large", { serverId: server.id, bytes: answer.headers["content-length"] ?? "" });
    return gatewayError(502, body, `The MCP server ${server.name} answered with more than 32 MB.`);
  }
  // A token narrowed to named tools sees only those in the server's listings.
  const listIds = principal.tools && request.method === "POST" ? listingIds(body) : new Set();
  if (principal.tools && listIds.size > 0) {
    const type = answer.headers["content-type"] ?? "";
    if (type.includes("text/event-stream")) {
      const stream = (Readable.toWeb(answer) as ReadableStream<Uint8Array>).pipeThrough(
        filterEventStream(listIds, principal.tools),
      );
      return new Response(stream, { status, headers: outgoingHeaders });
    }
    if (type.includes("application/json")) {
      const filtered = await filteredJson(answer, listIds, principal.tools);
      if (filtered !== null) return new Response(filtered, { status, headers: outgoingHeaders });
    }
    // A listing that cannot be filtered is not passed on unfiltered.
    answer.destroy();
    return gatewayError(502, body, `The MCP server ${server.name} sent an unreadable tool list.`);
  }
  const stream = Readable.toWeb(answer) as ReadableStream<Uint8Array>;
  return new Response(json ? stream.pipeThrough(capped(MAX_JSON_ANSWER_BYTES)) : stream, {
    status,
    headers: outgoingHeaders,
  });
}
