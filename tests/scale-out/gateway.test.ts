import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRoundRobinProxy, type RoundRobinProxy } from "../../scripts/lib/round-robin-proxy";
import { api, createUser } from "../helpers/api";
import { callTool, connectMcp, initializeMessage, rawMcp } from "../helpers/mcp";
import { createTestDatabase } from "../helpers/postgres";
import { TEST_REDIS_URL } from "../helpers/redis";
import { scaleOutServicesReady } from "../helpers/scale-out";
import { startServer, type RunningServer } from "../helpers/server";
import { createApiToken } from "../helpers/tokens";
import { startUpstreamServer } from "../helpers/upstream-server";

// Issue 33, item 6: a 2025 session with an upstream server, opened through one instance, goes on
// through the others. Two instances on one PostgreSQL and one Redis behind a round-robin proxy
// (the deployment's public URL): consecutive requests of one session land on different instances.
const ready = await scaleOutServicesReady();

describe.skipIf(!ready)("a gateway session across instances", () => {
  let instances: RunningServer[] = [];
  let proxy: RoundRobinProxy;
  let upstream: Awaited<ReturnType<typeof startUpstreamServer>>;
  let dropDatabase: () => Promise<unknown> = async () => undefined;

  beforeAll(async () => {
    const database = await createTestDatabase();
    dropDatabase = database.drop;
    [proxy, upstream] = await Promise.all([startRoundRobinProxy(), startUpstreamServer()]);
    const shared = {
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      APP_URL: proxy.url,
      UPSTREAM_ALLOWED: "127.0.0.1",
    };
    instances = await Promise.all([startServer(shared), startServer(shared)]);
    proxy.setTargets(instances.map((instance) => instance.url));
  }, 120_000);

  afterAll(async () => {
    await proxy?.close();
    await Promise.all(instances.map((instance) => instance.stop()));
    await upstream?.close();
    await dropDatabase();
  });

  it("keeps one session, bound to its caller, whichever instance serves each request", async () => {
    const owner = await createUser({ base: proxy.url });
    const registered = await api("/api/v2/organization/servers", {
      base: proxy.url,
      token: owner.accessToken,
      body: { name: "Echo", slug: "echo", url: upstream.url, auth: { mode: "none" } },
    });
    expect(registered.status).toBe(201);
    const token = await createApiToken(owner, { name: "echo", scopes: ["execute:mcp"], server: "echo" }, proxy.url);
    const client = await connectMcp(token.token, { base: proxy.url, path: "/mcp/servers/echo" });
    // initialize went through one instance, initialized through the other; six calls alternate.
    for (let call = 0; call < 6; call++) {
      expect((await callTool(client, "echo", { message: `call ${call}` })).content[0]!.text).toBe(`echo: call ${call}`);
    }
    const sessions = new Set(upstream.seen.map((headers) => headers["mcp-session-id"]).filter(Boolean));
    expect(sessions.size).toBe(1);
    const [sessionId] = sessions;
    await client.close();

    // Another token of the same organization presenting the id is refused on every instance.
    const other = await createApiToken(owner, { name: "other", scopes: ["execute:mcp"], server: "echo" }, proxy.url);
    for (const instance of instances) {
      const stolen = await rawMcp(
        { jsonrpc: "2.0", id: 2, method: "tools/list" },
        {
          base: instance.url,
          path: "/mcp/servers/echo",
          token: other.token,
          headers: { "mcp-session-id": String(sessionId), "mcp-protocol-version": "2025-11-25" },
        },
      );
      expect(stolen.status).toBe(404);
    }
    expect(
      (await rawMcp(initializeMessage, { base: proxy.url, path: "/mcp/servers/echo", token: other.token })).status,
    ).toBe(200);
  });
});
