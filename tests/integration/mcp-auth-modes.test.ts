import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "@/lib/db/client";
import { api, createUser } from "../helpers/api";
import { callTool, connectMcp, initializeMessage, rawMcp } from "../helpers/mcp";
import { createTestDatabase, testStore } from "../helpers/postgres";
import { freePort, startServer, type RunningServer } from "../helpers/server";
import { createApiToken } from "../helpers/tokens";

// Each mode is its own server process, started as `npm start` would with that environment.
const STATIC_TOKEN = "static-bearer-token-for-the-env-mode-0123456789";

describe("MCP_AUTH_TYPE=env", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ MCP_AUTH_TYPE: "env", MCP_BEARER_TOKEN: STATIC_TOKEN });
  });
  afterAll(() => server?.stop());

  it("has the service principal in the store from start-up, before any /mcp request", async () => {
    const store = createClient(server.env.DATABASE_URL ?? `file:${server.dataDir}/keyway.db`);
    try {
      expect(await store.apiToken.findUnique({ where: { id: "token_service" }, select: { orgId: true } })).toEqual({
        orgId: "org_default",
      });
    } finally {
      await store.$disconnect();
    }
  });

  it("accepts the static token and acts as the service principal of the default organization", async () => {
    const client = await connectMcp(STATIC_TOKEN, { base: server.url });
    expect((await client.listTools()).tools).toHaveLength(15);
    const me = (await callTool(client, "whoami")).structuredContent;
    expect(me).toMatchObject({
      user: { id: "user_service" },
      organization: { id: "org_default", name: "Default organization" },
      tokenId: "token_service",
      rateLimit: { limit: null },
    });
    const task = await callTool(client, "create_task", { title: "from the service" });
    expect(task.structuredContent.task.createdByUserId).toBe("user_service");
    await client.close();
  });

  it("refuses any other token and JWTs from the app", async () => {
    const wrong = await rawMcp(initializeMessage, { base: server.url, token: `${STATIC_TOKEN}x` });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toContain('error="invalid_token"');
    const user = await createUser({ base: server.url });
    const { token } = await createApiToken(user, {}, server.url);
    expect((await rawMcp(initializeMessage, { base: server.url, token })).status).toBe(401);
    expect((await rawMcp(initializeMessage, { base: server.url })).status).toBe(401);
  });
});

describe("MCP_AUTH_TYPE=none", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ MCP_AUTH_TYPE: "none" });
  });
  afterAll(() => server?.stop());

  it("warns loudly at start and serves every tool without credentials", async () => {
    expect(server.output()).toContain("WARNING: MCP_AUTH_TYPE=none");
    const client = await connectMcp(undefined, { base: server.url });
    expect((await callTool(client, "whoami")).structuredContent.organization.id).toBe("org_default");
    await client.close();
  });
});

describe("MCP_REQUIRED_SCOPES", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ MCP_REQUIRED_SCOPES: "execute:mcp,read:agents" });
  });
  afterAll(() => server?.stop());

  it("refuses tokens that lack any of the configured scopes; write implies read", async () => {
    const user = await createUser({ base: server.url });
    const without = await createApiToken(user, { scopes: ["execute:mcp"] }, server.url);
    const refused = await rawMcp(initializeMessage, { base: server.url, token: without.token });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("www-authenticate")).toContain('scope="read:agents"');
    const writer = await createApiToken(user, { scopes: ["execute:mcp", "write:agents"] }, server.url);
    expect((await rawMcp(initializeMessage, { base: server.url, token: writer.token })).status).toBe(200);
  });
});

describe("start-up configuration errors", () => {
  it.each([
    [{ MCP_AUTH_TYPE: "magic" }, 'configuration error: MCP_AUTH_TYPE must be jwt, env or none, got "magic".'],
    [{ MCP_AUTH_TYPE: "env" }, "configuration error: MCP_AUTH_TYPE=env needs MCP_BEARER_TOKEN."],
    [{ JWT_SECRET_KEY: "too-short" }, "configuration error: JWT_SECRET_KEY must be at least 32 bytes long."],
  ])("stops on %j with a one-line reason", async (env, message) => {
    await expect(startServer(env)).rejects.toThrow(message);
  });
});

describe("restarts", () => {
  // Two full server starts, each applying or checking the migrations: 28 s on PostgreSQL on a
  // loaded 2-core machine, near the suite's 30 s default, hence its own limit.
  it("keeps users and tokens across a restart and applies no migration twice", async () => {
    // Same data directory and same URL (tokens name their issuer), two server processes in turn.
    const port = String(await freePort());
    const database = testStore() === "postgresql" ? await createTestDatabase() : undefined;
    const env = {
      KEYWAY_DATA_DIR: mkdtempSync(path.join(tmpdir(), "keyway-restart-")),
      PORT: port,
      APP_URL: `http://127.0.0.1:${port}`,
      ...(database && { DATABASE_URL: database.url }),
    };
    const first = await startServer(env);
    expect(first.output()).toContain("applied migrations:");
    const user = await createUser({ base: first.url });
    const { token } = await createApiToken(user, {}, first.url);
    await first.stop();
    const second = await startServer(env);
    try {
      expect(second.output()).not.toContain("applied migrations:");
      // Same origin as the first server: fetch may still hold a kept-alive socket the first one
      // closed, and a request on it fails before reaching anyone (undici reports it as a socket
      // error, or as ECONNRESET when the reset lands mid-write, seen on a loaded machine); only
      // that failure is retried (the pool may hold more than one such socket: each failure drops one).
      const signIn = async (attemptsLeft = 3): Promise<Awaited<ReturnType<typeof api>>> => {
        try {
          return await api("/api/v2/auth/token", {
            base: second.url,
            body: { email: user.email, password: user.password },
          });
        } catch (error) {
          const code = (error as { cause?: { code?: string } }).cause?.code;
          if ((code !== "UND_ERR_SOCKET" && code !== "ECONNRESET") || attemptsLeft === 1) throw error;
          return signIn(attemptsLeft - 1);
        }
      };
      const login = await signIn();
      expect(login.status).toBe(200);
      expect((await rawMcp(initializeMessage, { base: second.url, token })).status).toBe(200);
    } finally {
      await second.stop();
      rmSync(env.KEYWAY_DATA_DIR, { recursive: true, force: true });
      await database?.drop();
    }
  }, 120_000);
});
