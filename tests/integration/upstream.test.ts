import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, createUser, type TestUser } from "../helpers/api";
import { callTool, connectMcp, initializeMessage, rawMcp, toolCall } from "../helpers/mcp";
import { freePort, startServer, type RunningServer } from "../helpers/server";
import { createApiToken, waitForUsage } from "../helpers/tokens";
import { startUpstreamServer } from "../helpers/upstream-server";

// Issue 33 (items 2, 3, 5 and 6, first part): a team's own MCP server registered with Keyway and
// served at APP_URL/mcp/servers/{slug}, through the same gate as /mcp. Its tokens name it as their
// audience; the client's token never reaches it. The upstream is the official SDK's server from
// npm, with sessions; the client the SDK's own.

let keyway: RunningServer;
let upstream: Awaited<ReturnType<typeof startUpstreamServer>>;
let owner: TestUser;
const slug = `team-echo-${Math.random().toString(36).slice(2, 8)}`;

const base = () => keyway.url;
const register = (user: TestUser, body: Record<string, unknown>) =>
  api("/api/v2/organization/servers", { base: base(), token: user.accessToken, body });
const serverPath = `/mcp/servers/${slug}`;

beforeAll(async () => {
  upstream = await startUpstreamServer();
  // The operator allows the team's servers on this machine only.
  keyway = await startServer({ UPSTREAM_ALLOWED: "127.0.0.1" });
  owner = await createUser({ base: base() });
});

afterAll(async () => {
  await keyway?.stop();
  await upstream?.close();
});

describe("registering an upstream MCP server", () => {
  it("is refused where the operator allows none, and for addresses the operator did not give", async () => {
    // The suite's shared server has no UPSTREAM_ALLOWED.
    const elsewhere = await createUser();
    const none = await api("/api/v2/organization/servers", {
      token: elsewhere.accessToken,
      body: { name: "Echo", slug: "echo", url: upstream.url },
    });
    expect(none.status).toBe(400);
    expect(none.body.error.message).toBe(
      "url: this Keyway allows no upstream servers (its operator sets UPSTREAM_ALLOWED)",
    );
    // An internal address the operator did not list: refused without a connection being made.
    const internal = await register(owner, { name: "Metadata", slug: "metadata", url: "http://10.0.0.1/mcp" });
    expect(internal.status).toBe(400);
    expect(internal.body.error.message).toContain("10.0.0.1 is not among the hosts and addresses this Keyway allows");
  });

  it("is for owners and admins; members list the servers to make tokens for them", async () => {
    const member = await createUser({ base: base() });
    const invited = await api("/api/v2/organization/invitations", {
      base: base(),
      token: owner.accessToken,
      body: { email: member.email, role: "member" },
    });
    const joined = await api("/api/v2/invitations/accept", {
      base: base(),
      token: member.accessToken,
      body: { token: new URL(invited.body.url).pathname.split("/").pop() },
    });
    expect(joined.status).toBe(200);
    expect((await register(member, { name: "Echo", slug, url: upstream.url })).status).toBe(403);

    const registered = await register(owner, { name: "Team echo", slug, url: upstream.url });
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({
      name: "Team echo",
      slug,
      url: upstream.url,
      resource: `${base()}${serverPath}`,
    });
    expect((await register(owner, { name: "Again", slug, url: upstream.url })).status).toBe(409);
    const listed = await api("/api/v2/organization/servers", { base: base(), token: member.accessToken });
    expect(listed.body.servers.map((s: any) => s.slug)).toEqual([slug]);
  });
});

describe("a server through Keyway", () => {
  let serverToken: { id: string; token: string };
  let mcpToken: { id: string; token: string };

  beforeAll(async () => {
    serverToken = await createApiToken(owner, { name: "echo", scopes: ["execute:mcp"], server: slug }, base());
    mcpToken = await createApiToken(owner, { name: "own", scopes: ["execute:mcp"] }, base());
  });

  it("is reached by the SDK client with a token for it, and the token never reaches the server", async () => {
    expect(decodeJwt(serverToken.token).aud).toBe(`${base()}${serverPath}`);
    const client = await connectMcp(serverToken.token, { base: base(), path: serverPath });
    const tools = await client.listTools();
    expect(tools.tools.map((t) => t.name)).toEqual(["echo"]);
    const result = await callTool(client, "echo", { message: "hello through the gate" });
    expect(result.content[0]!.text).toBe("echo: hello through the gate");
    await client.close();

    expect(upstream.seen.length).toBeGreaterThan(2);
    for (const headers of upstream.seen) {
      expect(headers.authorization).toBeUndefined();
      expect(headers.cookie).toBeUndefined();
      expect(JSON.stringify(headers)).not.toContain(serverToken.token);
    }
    // Usage is the token's, by the upstream tool's name.
    const usage = await waitForUsage(
      owner,
      serverToken.id,
      (body) => body.byTool?.some((t: any) => t.tool === "echo"),
      base(),
    );
    expect(usage.byTool).toContainEqual(expect.objectContaining({ tool: "echo", requests: 1, succeeded: 1 }));
  });

  it("refuses a token for another resource, both ways, with the challenge naming the resource", async () => {
    const atServer = await rawMcp(initializeMessage, { base: base(), path: serverPath, token: mcpToken.token });
    expect(atServer.status).toBe(401);
    expect(atServer.headers.get("www-authenticate")).toContain(
      `resource_metadata="${base()}/.well-known/oauth-protected-resource${serverPath}"`,
    );
    const atMcp = await rawMcp(toolCall("whoami"), { base: base(), token: serverToken.token });
    expect(atMcp.status).toBe(401);
    expect(atMcp.headers.get("www-authenticate")).toContain('error="invalid_token"');
    const none = await rawMcp(initializeMessage, { base: base(), path: serverPath });
    expect(none.status).toBe(401);

    const metadata = await api(`/.well-known/oauth-protected-resource${serverPath}`, { base: base() });
    expect(metadata.status).toBe(200);
    expect(metadata.body).toMatchObject({
      resource: `${base()}${serverPath}`,
      authorization_servers: [base()],
      scopes_supported: ["execute:mcp"],
    });
    expect((await api("/.well-known/oauth-protected-resource/mcp/servers/nobody", { base: base() })).status).toBe(404);
    expect((await rawMcp(initializeMessage, { base: base(), path: "/mcp/servers/nobody" })).status).toBe(404);
  });

  it("keeps a session to the caller who opened it", async () => {
    const opened = await rawMcp(initializeMessage, { base: base(), path: serverPath, token: serverToken.token });
    expect(opened.status).toBe(200);
    const sessionId = opened.headers.get("mcp-session-id")!;
    expect(sessionId).toBeTruthy();
    const other = await createApiToken(owner, { name: "other", scopes: ["execute:mcp"], server: slug }, base());
    const headers = { "mcp-session-id": sessionId, "mcp-protocol-version": "2025-11-25" };
    const stolen = await rawMcp(
      { jsonrpc: "2.0", id: 2, method: "tools/list" },
      {
        base: base(),
        path: serverPath,
        token: other.token,
        headers,
      },
    );
    expect(stolen.status).toBe(404);
    const own = await rawMcp(
      { jsonrpc: "2.0", id: 2, method: "tools/list" },
      {
        base: base(),
        path: serverPath,
        token: serverToken.token,
        headers,
      },
    );
    expect(own.status).toBe(200);
  });

  it("keeps its audience through rotation, and stops with the server", async () => {
    const rotated = await api(`/api/v2/tokens/${serverToken.id}/rotate`, {
      base: base(),
      token: owner.accessToken,
      body: {},
    });
    expect(rotated.status).toBe(201);
    expect(decodeJwt(rotated.body.token).aud).toBe(`${base()}${serverPath}`);
    expect(
      (await rawMcp(initializeMessage, { base: base(), path: serverPath, token: rotated.body.token })).status,
    ).toBe(200);

    const servers = await api("/api/v2/organization/servers", { base: base(), token: owner.accessToken });
    const removed = await api(`/api/v2/organization/servers/${servers.body.servers[0].id}`, {
      base: base(),
      method: "DELETE",
      token: owner.accessToken,
    });
    expect(removed.status).toBe(200);
    expect(
      (await rawMcp(initializeMessage, { base: base(), path: serverPath, token: rotated.body.token })).status,
    ).toBe(404);
  });

  it("answers a JSON-RPC error when the server is down", async () => {
    const closed = await freePort();
    const down = await register(owner, { name: "Down", slug: `${slug}-down`, url: `http://127.0.0.1:${closed}/mcp` });
    expect(down.status).toBe(201);
    const token = await createApiToken(
      owner,
      { name: "down", scopes: ["execute:mcp"], server: `${slug}-down` },
      base(),
    );
    const answer = await rawMcp(initializeMessage, {
      base: base(),
      path: `/mcp/servers/${slug}-down`,
      token: token.token,
    });
    expect(answer.status).toBe(502);
    expect(answer.json).toMatchObject({
      jsonrpc: "2.0",
      id: 1,
      error: { message: "The MCP server Down could not be reached." },
    });
  });
});
