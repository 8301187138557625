import { createConnection, createServer, type Socket } from "node:net";

// A TCP proxy on loopback that makes a dependency slow: every chunk, in both directions, is held
// until `delayMs` after it arrived. Changing the delay applies to chunks already held, so setting
// it back to 0 lets everything through at once (a network that recovers), in order.
export type DelayProxy = {
  /** `url` with its host and port replaced by the proxy's. */
  via: (url: string) => string;
  setDelay: (ms: number) => void;
  close: () => Promise<void>;
};

type Held = { chunk: Buffer; arrivedAt: number };

export async function startDelayProxy(target: string): Promise<DelayProxy> {
  const targetPort = Number(new URL(target).port);
  const targetHost = new URL(target).hostname;
  let delayMs = 0;
  const pumps = new Set<() => void>();
  const sockets = new Set<Socket>();

  /** Forwards `from`'s data to `to`, each chunk once it has been held long enough. */
  function relay(from: Socket, to: Socket) {
    const held: Held[] = [];
    let timer: NodeJS.Timeout | undefined;
    const pump = () => {
      clearTimeout(timer);
      timer = undefined;
      const now = Date.now();
      while (held.length && held[0]!.arrivedAt + delayMs <= now) to.write(held.shift()!.chunk);
      if (held.length) timer = setTimeout(pump, held[0]!.arrivedAt + delayMs - now);
    };
    pumps.add(pump);
    from.on("data", (chunk: Buffer) => {
      held.push({ chunk, arrivedAt: Date.now() });
      pump();
    });
    from.on("close", () => {
      clearTimeout(timer);
      pumps.delete(pump);
      to.destroy();
    });
  }

  const server = createServer((client) => {
    const upstream = createConnection({ port: targetPort, host: targetHost });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("error", () => socket.destroy());
      socket.on("close", () => sockets.delete(socket));
    }
    relay(client, upstream);
    relay(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    via: (url) => {
      const proxied = new URL(url);
      proxied.hostname = "127.0.0.1";
      proxied.port = String(port);
      return proxied.toString();
    },
    setDelay(ms) {
      delayMs = ms;
      for (const pump of pumps) pump();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
