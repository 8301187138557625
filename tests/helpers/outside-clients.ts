import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer, request as httpRequest, type Server } from "node:http";
import path from "node:path";
import { promisify } from "node:util";

// MCP clients nobody at Keyway wrote, pinned in tools/outside-clients (`npm run tools:install`),
// run with the Node 22 they need.
const TOOLS = path.resolve("tools/outside-clients/node_modules");
const NODE22 = path.join(TOOLS, "node", "bin", "node");

export function outsideTool(relative: string): { node: string; script: string } {
  const script = path.join(TOOLS, relative);
  if (!existsSync(NODE22) || !existsSync(script)) {
    throw new Error("The outside MCP clients are not installed: run `npm run tools:install` (npm test does).");
  }
  return { node: NODE22, script };
}

export async function runOutsideTool(relative: string, args: string[], timeout = 120_000) {
  const { node, script } = outsideTool(relative);
  try {
    const { stdout, stderr } = await promisify(execFile)(node, [script, ...args], {
      timeout,
      maxBuffer: 10 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? 1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

/**
 * A small reverse proxy that adds `Authorization` to every request, for clients that cannot send
 * headers themselves. Everything else (Host and Origin included) passes through unchanged.
 */
export async function headerProxy(
  target: string,
  headers: Record<string, string>,
): Promise<{ url: string; close: () => Promise<void> }> {
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    const forwarded = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, ...headers },
      },
      (response) => {
        res.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(res);
      },
    );
    forwarded.on("error", () => {
      res.writeHead(502).end();
    });
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
