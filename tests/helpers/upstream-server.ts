import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { createMcpHandler, McpServer as McpServerV2 } from "@modelcontextprotocol/server";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import express from "express";
import { auth, type JWTPayload } from "express-oauth2-jwt-bearer";
import { z } from "zod";
import { localServer } from "./local-server";

// A team's own MCP server, as people write it with the official SDK (1.x, from npm) on Express:
// Streamable HTTP with sessions, two tools (`echo` and `shout`). It records the headers of every request it gets,
// so a test can tell what Keyway passed on (never the client's token). With `issuer`, it verifies
// the caller identity Keyway sends as a stock RFC 9068 resource server does: Auth0's
// express-oauth2-jwt-bearer in its strict (RFC 9068) mode, the keys found from the issuer's
// metadata, the audience its own URL.

export async function startUpstreamServer(options: { issuer?: string; cacheMaxAge?: number } = {}) {
  const seen: IncomingHttpHeaders[] = [];
  const identities: JWTPayload[] = [];
  const transports = new Map<string, StreamableHTTPServerTransport>();
  const app = express();
  app.use((req, _res, next) => {
    seen.push(req.headers);
    next();
  });
  let verify: express.RequestHandler | undefined;
  if (options.issuer) app.use((req, res, next) => verify!(req, res, next));
  app.use(express.json());
  app.all("/mcp", async (req, res) => {
    if (req.auth) identities.push(req.auth.payload);
    const sessionId = req.headers["mcp-session-id"];
    let transport = typeof sessionId === "string" ? transports.get(sessionId) : undefined;
    if (!transport) {
      if (typeof sessionId === "string") return void res.status(404).end("unknown session");
      transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: randomUUID,
        onsessioninitialized: (id) => void transports.set(id, transport!),
      });
      const mcp = new McpServer({ name: "team-echo", version: "1.0.0" });
      mcp.registerTool(
        "echo",
        { description: "Says the message back", inputSchema: { message: z.string() } },
        async ({ message }) => ({ content: [{ type: "text", text: `echo: ${message}` }] }),
      );
      mcp.registerTool(
        "shout",
        { description: "Says the message back, loudly", inputSchema: { message: z.string() } },
        async ({ message }) => ({ content: [{ type: "text", text: message.toUpperCase() }] }),
      );
      await mcp.connect(transport);
    }
    // The SDK reads its own AuthInfo from req.auth; this server reads the identity above instead.
    await transport.handleRequest(req as IncomingMessage, res, req.body);
  });
  const server = await localServer(app);
  const url = `${server.url}/mcp`;
  if (options.issuer) {
    verify = auth({ issuerBaseURL: options.issuer, audience: url, strict: true, cacheMaxAge: options.cacheMaxAge });
  }
  return { url, seen, identities, close: server.close };
}

/**
 * A team's server on the current revision: the 2.x server SDK's own per-request entry
 * (`createMcpHandler`, 2026-07-28 only, no sessions), served over node:http. It records each
 * request's MCP headers, to show what Keyway passes on.
 */
export async function startModernUpstreamServer() {
  const seen: IncomingHttpHeaders[] = [];
  const handler = createMcpHandler(
    () => {
      const server = new McpServerV2({ name: "team-modern", version: "2.0.0" });
      server.registerTool(
        "echo",
        { description: "Says the message back", inputSchema: z.object({ message: z.string() }) },
        async ({ message }) => ({ content: [{ type: "text", text: `modern echo: ${message}` }] }),
      );
      return server;
    },
    { legacy: "reject" },
  );
  const server = await localServer(async (req, res) => {
    seen.push(req.headers);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    const body = req.method === "POST" ? Buffer.concat(chunks) : undefined;
    const answer = await handler.fetch(
      new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers, body }),
    );
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    if (answer.body) for await (const chunk of answer.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
    res.end();
  });
  // notify publishes change events to the subscriptions/listen streams open on it.
  return { url: `${server.url}/mcp`, seen, notify: handler.notify, close: server.close };
}
