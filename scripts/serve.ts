// `npm start`: scripts/prepare-start.ts (configuration, secrets, migrations) runs in a process of
// its own (here it would keep Prisma's Wasm schema engine resident), then this serves the
// production build from Keyway's own HTTP server. `npm run build` bundles this file into
// .next/keyway-server.mjs, so the server runs on plain Node: the TypeScript loader cost ~110 MB
// of resident memory under load (measured). Next's route handlers never see the socket, so
// this is the one place that can say who the client is; it also answers paths Next cannot decode
// (a malformed percent-escape made Next answer a bare 500) with the API's error body.
import { subscribe } from "node:diagnostics_channel";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import next from "next";
import { config } from "../lib/config";
import { metrics } from "../lib/metrics/metrics";
import { CLIENT_ADDRESS_HEADER, parseAddressList, resolveClientAddress } from "../lib/net/client-address";

// `npm run dev` sets NODE_ENV=development; anything else serves the production build (as
// `next start` does, a test runner's NODE_ENV=test is kept).
(process.env as Record<string, string | undefined>).NODE_ENV ??= "production";
const { port, trustedProxies } = config();
const trusted = parseAddressList(trustedProxies);
const app = next({ dev: process.env.NODE_ENV === "development", port });
const handle = app.getRequestHandler();
await app.prepare();

function decodablePath(url: string): boolean {
  try {
    decodeURIComponent(url.split("?", 1)[0]!);
    return true;
  } catch {
    return false;
  }
}

// On every response, pages, APIs, files and errors alike. Set here rather than by next.config's
// headers(), which matches a path pattern for every request (~10 µs a request, measured).
const SECURITY_HEADERS = [
  ["X-Content-Type-Options", "nosniff"],
  ["X-Frame-Options", "DENY"],
  ["Referrer-Policy", "strict-origin-when-cross-origin"],
] as const;

function authorizationHeaders(raw: string[]): string[] {
  const values: string[] = [];
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === "authorization") values.push(raw[i + 1]!);
  return values;
}

// When each request arrived, kept on the request for its duration: no closure or listener per
// response (see the subscriber below).
const ARRIVED = Symbol("keyway.arrived");
type TimedRequest = IncomingMessage & { [ARRIVED]?: number };
type FinishedResponse = { request: TimedRequest; response: ServerResponse; server: unknown };

const server = createServer((req: TimedRequest, res) => {
  req[ARRIVED] = performance.now();
  for (const [name, value] of SECURITY_HEADERS) res.setHeader(name, value);
  if (!decodablePath(req.url ?? "/")) {
    const body = JSON.stringify({
      error: { code: "bad_request", message: "The request path has a malformed percent-escape." },
    });
    res.writeHead(400, { "Content-Type": "application/json", "Cache-Control": "no-store" }).end(body);
    return;
  }
  // Node keeps the first of repeated Authorization headers and drops the others; two credentials
  // are ambiguous (RFC 6750 section 2.1), so the handlers see them all and refuse the request.
  const credentials = authorizationHeaders(req.rawHeaders);
  if (credentials.length > 1) req.headers.authorization = credentials.join(", ");
  const forwardedFor = req.headers["x-forwarded-for"];
  req.headers[CLIENT_ADDRESS_HEADER] = resolveClientAddress(
    req.socket.remoteAddress,
    Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor,
    trusted,
  );
  void handle(req, res);
});
// Node announces every response it has finished sending on this channel, so one subscriber counts
// them all (pages, APIs, files and the 400 above). The counting itself is batched in
// lib/metrics; with this, a request's metrics cost ~37 µs of CPU less than a `finish` listener
// doing that work on each response (measured side by side).
subscribe("http.server.response.finish", (message) => {
  const { request, response, server: from } = message as FinishedResponse;
  if (from !== server) return;
  const arrived = request[ARRIVED] ?? performance.now();
  metrics().recordHttpRequest(
    request.url ?? "/",
    request.method ?? "",
    response.statusCode,
    (performance.now() - arrived) / 1000,
  );
});
// Next installs an uncaughtException handler that only logs: a port in use must still stop start-up.
server.once("error", (error) => {
  console.error(`[keyway] cannot serve on port ${port}: ${error.message}`);
  process.exit(1);
});
server.listen(port, () => console.log(`[keyway] ready on http://localhost:${port}`));

// On a clean stop, close idle keep-alive connections at once, so clients learn the connection is
// gone instead of reusing it against a stopped process (instrumentation.ts flushes usage and exits).
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    server.close();
    server.closeIdleConnections();
  });
}
