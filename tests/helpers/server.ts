import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestDatabase, testStore } from "./postgres";
import { INTEGRATION_REDIS_URL } from "./redis";

// Starts the production build exactly as `npm start` does, on a free port with its own data
// directory and database, so every suite talks to a real server over real HTTP.
export const TEST_JWT_SECRET = "test-jwt-secret-that-is-at-least-32-bytes-long!";
export const TEST_AUTH_SECRET = "test-auth-secret-that-is-at-least-32-bytes-long";

export type RunningServer = {
  url: string;
  dataDir: string;
  env: Record<string, string>;
  output: () => string;
  stop: () => Promise<void>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  if (!existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    throw new Error("No production build: run `npm run build` first (npm test does).");
  }
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const dataDir = env.KEYWAY_DATA_DIR ?? mkdtempSync(path.join(tmpdir(), "keyway-test-"));
  const url = `http://127.0.0.1:${port}`;
  const database = !env.DATABASE_URL && testStore() === "postgresql" ? await createTestDatabase() : undefined;
  const fullEnv: Record<string, string> = {
    PORT: String(port),
    APP_URL: url,
    KEYWAY_DATA_DIR: dataDir,
    JWT_SECRET_KEY: TEST_JWT_SECRET,
    AUTH_SECRET: TEST_AUTH_SECRET,
    NEXT_TELEMETRY_DISABLED: "1",
    // Every suite registers its OAuth clients from 127.0.0.1, and on PostgreSQL the count is one
    // Redis counter for all of them; the throttle itself is tested with its own limit (oauth.test.ts).
    OAUTH_REGISTRATIONS_PER_HOUR: "100000",
    // On PostgreSQL the suites run in the scale-out shape: with Redis, so token rows are kept per
    // instance and every change must be announced (lib/db/token-epochs.ts) to be seen.
    ...(database && { DATABASE_URL: database.url, REDIS_URL: INTEGRATION_REDIS_URL }),
    ...env,
  };
  let output = "";
  const child: ChildProcess = spawn("npm", ["start", "--silent"], {
    env: { ...process.env, ...fullEnv },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  // `npm start` runs the server as a grandchild: stopping is done only when the whole process
  // group is gone, or a restart on the same port could be answered by the old server.
  const groupAlive = () => {
    try {
      process.kill(-child.pid!, 0);
      return true;
    } catch {
      return false;
    }
  };
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      /* already gone */
    }
  };
  const groupGone = async (ms: number) => {
    const until = Date.now() + ms;
    while (groupAlive() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    return !groupAlive();
  };

  const stop = async () => {
    signalGroup("SIGTERM");
    if (!(await groupGone(10_000))) {
      signalGroup("SIGKILL");
      await groupGone(5_000);
    }
    if (!env.KEYWAY_DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
    await database?.drop().catch(() => undefined);
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server did not start in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, dataDir, env: fullEnv, output: () => output, stop };
}
