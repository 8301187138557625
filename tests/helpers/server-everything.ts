import { spawn } from "node:child_process";
import { connect } from "node:net";
import path from "node:path";
import { freePort } from "./server";
import { until } from "./wait";

// The reference MCP server from npm (@modelcontextprotocol/server-everything), over Streamable
// HTTP on loopback, exactly as its README starts it: sessions, progress, elicitation, sampling.
export async function startServerEverything() {
  const port = await freePort();
  const script = path.resolve("node_modules/@modelcontextprotocol/server-everything/dist/index.js");
  const child = spawn(process.execPath, [script, "streamableHttp"], {
    env: { ...process.env, PORT: String(port) },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let output = "";
  child.stderr!.on("data", (chunk) => (output += String(chunk)));
  const listening = () =>
    new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => resolve(socket.destroy() === socket));
      socket.once("error", () => resolve(false));
    });
  await until(async () => {
    if (child.exitCode !== null) throw new Error(`server-everything exited: ${output}`);
    return listening();
  }, 30_000);
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
