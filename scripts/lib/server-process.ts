// Starting the production build and preparing a token, for the bench and soak scripts.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export const SECRET = "bench-jwt-secret-that-is-at-least-32-bytes-long";

export type Server = { url: string; child: ChildProcess; dataDir: string; stop: () => Promise<void> };

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/**
 * How `npm start` runs the server (its environment assignments, such as the allocator's settings,
 * and its Node flags, such as the heap ceiling), read from package.json so the bench measures
 * exactly what `npm start` runs; `${NAME:-fallback}` is expanded as the shell would.
 */
export function serverCommand(env: Record<string, string | undefined> = process.env): {
  env: Record<string, string>;
  flags: string[];
} {
  const start: string = JSON.parse(readFileSync("package.json", "utf8")).scripts.start;
  const words = start
    .split("&&")
    .at(-1)!
    .trim()
    .split(/\s+/)
    .map((word) => word.replace(/\$\{(\w+):-([^}]*)\}/g, (_, name: string, fallback: string) => env[name] || fallback));
  const node = words.indexOf("node");
  const assignments = words.slice(0, node).map((word) => word.split("=", 2) as [string, string]);
  return { env: Object.fromEntries(assignments), flags: words.slice(node + 1, -1) };
}

/**
 * `npm start` minus npm: prepare, then Keyway's server as a direct child so its memory and CPU
 * time can be read. `nodeArgs` go to that Node process (for example `--cpu-prof`).
 */
export async function startServer(extraEnv: Record<string, string> = {}, nodeArgs: string[] = []): Promise<Server> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), "keyway-load-"));
  const url = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    PORT: String(port),
    APP_URL: url,
    KEYWAY_DATA_DIR: dataDir,
    JWT_SECRET_KEY: SECRET,
    AUTH_SECRET: SECRET,
    NEXT_TELEMETRY_DISABLED: "1",
    ...extraEnv,
  };
  execFileSync("npx", ["tsx", "scripts/prepare-start.ts"], { env, stdio: "ignore" });
  const command = serverCommand(env);
  const child = spawn("node", [...command.flags, ...nodeArgs, ".next/keyway-server.mjs"], {
    env: { ...env, ...command.env },
    // SERVER_STDIO=inherit shows the server's output (with --trace-gc in nodeArgs, for example).
    stdio: process.env.SERVER_STDIO === "inherit" ? ["ignore", "inherit", "inherit"] : "ignore",
  });
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    dataDir,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Waits until `url` answers (any status), or gives up after 20 s. */
async function answering(url: string) {
  for (let i = 0; i < 200; i++) {
    try {
      await fetch(url);
      return;
    } catch {
      /* starting */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer`);
}

/**
 * The bench's peer app (bench/peer, built by `npm run bench:peer`): mcp-handler 2.x and a bare
 * route in Next.js, reading the token rows of `keyway`'s database with the same secret.
 */
export async function startPeer(keyway: Server): Promise<Server> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    "node",
    ["node_modules/next/dist/bin/next", "start", "--port", String(port), "--hostname", "127.0.0.1"],
    {
      cwd: "bench/peer",
      env: {
        ...process.env,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        JWT_SECRET_KEY: SECRET,
        PEER_DATABASE: path.join(keyway.dataDir, "keyway.db"),
        PEER_AUDIENCE: `${keyway.url}/mcp`,
      },
      stdio: process.env.SERVER_STDIO === "inherit" ? ["ignore", "inherit", "inherit"] : "ignore",
    },
  );
  await answering(url);
  return {
    url,
    child,
    dataDir: keyway.dataDir,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
    },
  };
}

/** Resident memory of the Next server and the children it forked, in MB. */
export function rssMb(pid: number): number {
  const out = execFileSync("ps", ["-o", "rss=", "--pid", String(pid), "--ppid", String(pid)], { encoding: "utf8" });
  return Math.round(
    out
      .split("\n")
      .filter(Boolean)
      .reduce((sum, kb) => sum + Number(kb), 0) / 1024,
  );
}

const CLOCK_TICKS = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;

/** CPU time (user + system) the process has used so far, in seconds, from /proc. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** Pins every thread of a process to the given CPUs; false where taskset is missing. */
export function pinToCpus(pid: number, cpus: string): boolean {
  try {
    execFileSync("taskset", ["--all-tasks", "--cpu-list", "--pid", cpus, String(pid)], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return (await response.json()) as any;
}

/**
 * A new user and an API token for them, made through the REST API like any client would; with
 * the token's id and the user's access token, to manage it.
 */
export async function issueApiToken(
  server: Pick<Server, "url">,
  rateLimitPerHour = 100_000,
  scopes = ["execute:mcp", "read:tasks"],
) {
  const email = `load-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test`;
  await post(`${server.url}/api/v2/auth/signup`, { email, password: "load password" });
  const login = await post(`${server.url}/api/v2/auth/token`, { email, password: "load password" });
  const body = await post(
    `${server.url}/api/v2/tokens`,
    { name: "load", scopes, rateLimitPerHour, expiresInDays: 1 },
    { authorization: `Bearer ${login.accessToken}` },
  );
  return { token: body.token as string, id: body.id as string, accessToken: login.accessToken as string };
}

/** A new user and an API token for them (the token only). */
export async function apiToken(server: Pick<Server, "url">, rateLimitPerHour = 100_000, scopes?: string[]) {
  return (await issueApiToken(server, rateLimitPerHour, scopes)).token;
}

export const MCP_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };
