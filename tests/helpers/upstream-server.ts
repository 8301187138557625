import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { z } from "zod";
import { localServer } from "./local-server";

// A team's own MCP server, as people write it with the official SDK (1.x, from npm): Streamable
// HTTP with sessions, one `echo` tool. It records the headers of every request it gets, so a test
// can tell what Keyway passed on (never the client's token).

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? JSON.parse(text) : undefined;
}

export async function startUpstreamServer() {
  const seen: IncomingHttpHeaders[] = [];
  const transports = new Map<string, StreamableHTTPServerTransport>();
  const server = await localServer(async (req, res) => {
    seen.push(req.headers);
    const body = req.method === "POST" ? await readBody(req) : undefined;
    const sessionId = req.headers["mcp-session-id"];
    let transport = typeof sessionId === "string" ? transports.get(sessionId) : undefined;
    if (!transport) {
      if (typeof sessionId === "string") return res.writeHead(404).end("unknown session");
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
      await mcp.connect(transport);
    }
    await transport.handleRequest(req, res, body);
  });
  return { url: `${server.url}/mcp`, seen, close: server.close };
}
