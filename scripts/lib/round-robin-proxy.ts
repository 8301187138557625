// A small round-robin HTTP proxy on loopback: the scale-out shape (several instances behind one
// public URL) for the bench. Each request goes to the next instance in turn over keep-alive
// connections; bodies stream through. For correctness under load and figures, not for speed.
import { Agent, createServer, request } from "node:http";

export type RoundRobinProxy = { url: string; setTargets: (urls: string[]) => void; close: () => Promise<void> };

export async function startRoundRobinProxy(): Promise<RoundRobinProxy> {
  // Idle connections are closed after 2 s, before the instance's own 5 s keep-alive timeout, so a
  // request is never sent on a connection the instance is closing (which would answer 502).
  const agent = new Agent({ keepAlive: true, maxSockets: 256, timeout: 2000 });
  let targets: URL[] = [];
  let next = 0;
  const server = createServer((incoming, outgoing) => {
    const target = targets[next++ % targets.length];
    if (!target) {
      outgoing.writeHead(503).end();
      return;
    }
    const upstream = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
      },
    );
    upstream.on("error", () => {
      if (!outgoing.headersSent) outgoing.writeHead(502);
      outgoing.end();
    });
    incoming.pipe(upstream);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    setTargets: (urls) => {
      targets = urls.map((url) => new URL(url));
    },
    close: async () => {
      server.closeAllConnections();
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
