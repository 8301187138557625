import { decodeJwt, decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Client, ClientCredentialsProvider, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { api, createUser, signIn, type TestUser } from "../helpers/api";
import {
  decide,
  exchange,
  obtainCode,
  openAuthorize,
  REDIRECT_URI,
  register as registerClient,
  refreshWith,
  tokenEndpoint,
} from "../helpers/oauth";
import { callTool, connectMcp, connectMcpV2, initializeMessage, rawMcp, toolCall } from "../helpers/mcp";
import { freePort, startServer, type RunningServer } from "../helpers/server";
import { createApiToken, waitForUsage } from "../helpers/tokens";
import { startModernUpstreamServer, startUpstreamServer } from "../helpers/upstream-server";
import { until } from "../helpers/wait";
import { localServer } from "../helpers/local-server";

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
/** A server of the owner's organization at the recording upstream, which it trusts (no credential). */
async function registerOpen(name: string, serverSlug: string) {
  const registered = await register(owner, { name, slug: serverSlug, url: upstream.url, auth: { mode: "none" } });
  expect(registered.status).toBe(201);
  return registered.body as { id: string };
}
/** The authorization endpoint as a signed-in browser opens it for `clientId` and `resource`. */
const consentPage = (cookie: string, clientId: string, resource: string) =>
  openAuthorize(
    cookie,
    {
      response_type: "code",
      client_id: clientId,
      redirect_uri: REDIRECT_URI,
      code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
      code_challenge_method: "S256",
      resource,
    },
    base(),
  );

/** A service account of the owner's organization and its client (client_secret_basic). */
async function newServiceClient(name: string, scopes: string[]) {
  const account = await api("/api/v2/service-accounts", {
    base: base(),
    method: "POST",
    token: owner.accessToken,
    body: { name },
  });
  const created = await api(`/api/v2/service-accounts/${account.body.id}/clients`, {
    base: base(),
    method: "POST",
    token: owner.accessToken,
    body: { name, authMethod: "client_secret_basic", scopes },
  });
  expect(created.status).toBe(201);
  return { account, created };
}

/** A new user who joins the owner's organization as a member, by invitation. */
async function newMember() {
  const member = await createUser({ base: base() });
  const invited = await api("/api/v2/organization/invitations", {
    base: base(),
    token: owner.accessToken,
    body: { email: member.email, role: "member" },
  });
  const joined = await api("/api/v2/invitations/accept", {
    base: base(),
    token: member.accessToken,
    body: { secret: new URL(invited.body.url).pathname.split("/").pop() },
  });
  expect(joined.status).toBe(200);
  return member;
}

beforeAll(async () => {
  upstream = await startUpstreamServer();
  // The operator allows the team's servers on this machine only.
  // Its upstreams are on this machine and answer at once; one that never does is cut off at 10 s.
  keyway = await startServer({ UPSTREAM_ALLOWED: "127.0.0.1", UPSTREAM_TIMEOUT_MS: "10000" });
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
    const member = await newMember();
    expect((await register(member, { name: "Echo", slug, url: upstream.url })).status).toBe(403);

    // This one trusts its network: Keyway sends it no credential at all.
    const registered = await register(owner, { name: "Team echo", slug, url: upstream.url, auth: { mode: "none" } });
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({
      name: "Team echo",
      slug,
      url: upstream.url,
      resource: `${base()}${serverPath}`,
      auth: { mode: "none" },
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
    expect(tools.tools.map((t) => t.name)).toEqual(["echo", "shout"]);
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

  it("is validated as a token for the server, naming it", async () => {
    const validated = await api("/api/v2/tokens/validate", { base: base(), method: "POST", token: serverToken.token });
    expect(validated.status).toBe(200);
    expect(validated.body).toMatchObject({ valid: true, tokenId: serverToken.id, resource: `${base()}${serverPath}` });
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

  it("answers 504 when the server does not answer in time, and records no success", async () => {
    let held = 0;
    const silent = await localServer((req) => {
      held++;
      req.resume();
    });
    try {
      const slow = await register(owner, {
        name: "Slow",
        slug: `${slug}-slow`,
        url: `${silent.url}/mcp`,
        auth: { mode: "none" },
      });
      expect(slow.status).toBe(201);
      const token = await createApiToken(
        owner,
        { name: "slow", scopes: ["execute:mcp"], server: `${slug}-slow` },
        base(),
      );
      const answer = await rawMcp(toolCall("echo", { message: "anyone?" }), {
        base: base(),
        path: `/mcp/servers/${slug}-slow`,
        token: token.token,
      });
      expect(held).toBe(1);
      expect(answer.status).toBe(504);
      expect(answer.json).toMatchObject({ id: 2, error: { message: "The MCP server Slow did not answer in time." } });
      const usage = await waitForUsage(owner, token.id, (body) => body.totals?.requests === 1, base());
      expect(usage.totals).toMatchObject({ requests: 1, succeeded: 0, errors: 1 });
    } finally {
      await silent.close();
    }
  });

  it("answers 502 when the server's answer is larger than Keyway passes on, and records no success", async () => {
    const huge = await localServer((req, res) => {
      req.resume();
      res.writeHead(200, { "content-type": "application/json", "content-length": String(64 * 1024 * 1024) });
      res.write(Buffer.alloc(64 * 1024, 32));
    });
    try {
      const hugeSlug = `${slug}-huge`;
      const registered = await register(owner, {
        name: "Huge",
        slug: hugeSlug,
        url: `${huge.url}/mcp`,
        auth: { mode: "none" },
      });
      expect(registered.status).toBe(201);
      const token = await createApiToken(owner, { name: "huge", scopes: ["execute:mcp"], server: hugeSlug }, base());
      const answer = await rawMcp(toolCall("echo", { message: "big?" }), {
        base: base(),
        path: `/mcp/servers/${hugeSlug}`,
        token: token.token,
      });
      expect(answer.status).toBe(502);
      expect(answer.json).toMatchObject({
        id: 2,
        error: { message: "The MCP server Huge answered with more than 32 MB." },
      });
      const usage = await waitForUsage(owner, token.id, (body) => body.totals?.requests === 1, base());
      expect(usage.totals).toMatchObject({ requests: 1, succeeded: 0, errors: 1 });
    } finally {
      await huge.close();
    }
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

describe("how Keyway authenticates to a server", () => {
  let verifying: Awaited<ReturnType<typeof startUpstreamServer>>;
  let elsewhere: Awaited<ReturnType<typeof startUpstreamServer>>;
  const idSlug = `${slug}-id`;

  beforeAll(async () => {
    verifying = await startUpstreamServer({ issuer: base() });
    elsewhere = await startUpstreamServer({ issuer: base() });
  });
  afterAll(async () => {
    await verifying?.close();
    await elsewhere?.close();
  });

  const bearerOf = (headers: Record<string, unknown>) => String(headers.authorization).replace(/^Bearer /, "");

  it("by default sends a signed caller identity that a stock RFC 9068 verifier accepts from Keyway's metadata", async () => {
    const registered = await register(owner, { name: "Verified echo", slug: idSlug, url: verifying.url });
    expect(registered.status).toBe(201);
    expect(registered.body.auth).toEqual({ mode: "identity" });
    const token = await createApiToken(owner, { name: "verified", scopes: ["execute:mcp"], server: idSlug }, base());

    const client = await connectMcp(token.token, { base: base(), path: `/mcp/servers/${idSlug}` });
    const result = await callTool(client, "echo", { message: "who am I" });
    expect(result.content[0]!.text).toBe("echo: who am I");
    await client.close();

    // Every request verified (the upstream answered), each naming the caller and nothing of the client's token.
    expect(verifying.identities.length).toBeGreaterThan(1);
    for (const headers of verifying.seen) expect(JSON.stringify(headers)).not.toContain(token.token);
    expect(verifying.identities.at(-1)).toMatchObject({
      iss: base(),
      aud: verifying.url,
      sub: owner.userId,
      org_id: owner.orgId,
      scope: "execute:mcp",
      client_id: token.id,
      kind: "person",
    });
    const assertion = bearerOf(verifying.seen.at(-1)!);
    const header = decodeProtectedHeader(assertion);
    expect(header).toMatchObject({ alg: "RS256", typ: "at+jwt" });
    const { exp, iat } = decodeJwt(assertion);
    expect(exp! - iat!).toBe(300);

    const metadata = await api("/.well-known/oauth-authorization-server", { base: base() });
    expect(metadata.body.jwks_uri).toBe(`${base()}/.well-known/jwks.json`);
    const jwks = await api("/.well-known/jwks.json", { base: base() });
    expect(jwks.body.keys.map((key: any) => key.kid)).toContain(header.kid);
    for (const key of jwks.body.keys) expect(Object.keys(key).sort()).toEqual(["alg", "e", "kid", "kty", "n", "use"]);
  });

  it("signs for one server only: another server's verifier and a late clock refuse the assertion", async () => {
    const assertion = bearerOf(verifying.seen.at(-1)!);
    const init = {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
    };
    const body = JSON.stringify(initializeMessage);
    const direct = (url: string) =>
      fetch(url, { ...init, body, headers: { ...init.headers, authorization: `Bearer ${assertion}` } });
    // The same assertion straight to the server it was for is accepted; to another, refused.
    expect((await direct(verifying.url)).status).toBe(200);
    const wrongAudience = await direct(elsewhere.url);
    expect(wrongAudience.status).toBe(401);
    expect(wrongAudience.headers.get("www-authenticate")).toContain('error="invalid_token"');
    // The upstream's clock past the assertion's expiry (and its tolerance): refused.
    const { exp } = decodeJwt(assertion);
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime((exp! + 60) * 1000);
      expect((await direct(verifying.url)).status).toBe(401);
    } finally {
      vi.useRealTimers();
    }
  });

  it("sends a static header secret, sealed and never shown, and follows a change of mode", async () => {
    const headerSlug = `${slug}-key`;
    const secret = `upstream-key-${Math.random().toString(36).slice(2)}`;
    const registered = await register(owner, {
      name: "Keyed echo",
      slug: headerSlug,
      url: upstream.url,
      auth: { mode: "header", header: "X-Api-Key", value: secret },
    });
    expect(registered.status).toBe(201);
    expect(registered.body.auth).toEqual({ mode: "header", header: "X-Api-Key" });
    expect(JSON.stringify(registered.body)).not.toContain(secret);
    const listed = await api("/api/v2/organization/servers", { base: base(), token: owner.accessToken });
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    const token = await createApiToken(owner, { name: "keyed", scopes: ["execute:mcp"], server: headerSlug }, base());
    const before = upstream.seen.length;
    const opened = await rawMcp(initializeMessage, {
      base: base(),
      path: `/mcp/servers/${headerSlug}`,
      token: token.token,
    });
    expect(opened.status).toBe(200);
    expect(upstream.seen[before]!["x-api-key"]).toBe(secret);
    expect(upstream.seen[before]!.authorization).toBeUndefined();

    // Reserved names are refused; only owners and admins change it; the change applies to the next request.
    const id = registered.body.id;
    const patch = (body: unknown, user = owner) =>
      api(`/api/v2/organization/servers/${id}`, { base: base(), method: "PATCH", token: user.accessToken, body });
    const reserved = await patch({ auth: { mode: "header", header: "Content-Type", value: "x" } });
    expect(reserved.status).toBe(400);
    expect(reserved.body.error.message).toContain("is a header Keyway sets itself");
    expect((await patch({})).status).toBe(400);
    const changed = await patch({ auth: { mode: "identity" } });
    expect(changed.status).toBe(200);
    expect(changed.body.auth).toEqual({ mode: "identity" });
    const after = upstream.seen.length;
    expect(
      (await rawMcp(initializeMessage, { base: base(), path: `/mcp/servers/${headerSlug}`, token: token.token }))
        .status,
    ).toBe(200);
    expect(upstream.seen[after]!["x-api-key"]).toBeUndefined();
    expect(decodeJwt(bearerOf(upstream.seen[after]!)).aud).toBe(upstream.url);
  });
});

describe("the identity keys' rotation", () => {
  // Scaled down from the defaults (30 days, published an hour ahead): a key every 6 s, the next
  // published 3 s before it signs. The verifier's cache is scaled down the same way (its default
  // of 10 minutes is shorter than the default hour ahead), so it holds the next key before it is used.
  let rotating: RunningServer;
  let verifier: Awaited<ReturnType<typeof startUpstreamServer>>;

  beforeAll(async () => {
    rotating = await startServer({
      UPSTREAM_ALLOWED: "127.0.0.1",
      IDENTITY_KEY_ROTATION_SECONDS: "6",
      IDENTITY_KEY_PUBLISH_AHEAD_SECONDS: "3",
    });
    verifier = await startUpstreamServer({ issuer: rotating.url, cacheMaxAge: 1000 });
  });
  afterAll(async () => {
    await rotating?.stop();
    await verifier?.close();
  });

  it("publishes the next key before it signs, and the stock verifier accepts identities before and after", async () => {
    const user = await createUser({ base: rotating.url });
    const registered = await api("/api/v2/organization/servers", {
      base: rotating.url,
      token: user.accessToken,
      body: { name: "Rotating", slug: "rotating", url: verifier.url },
    });
    expect(registered.status).toBe(201);
    const token = await createApiToken(user, { name: "r", scopes: ["execute:mcp"], server: "rotating" }, rotating.url);
    const call = async () => {
      const answer = await rawMcp(initializeMessage, {
        base: rotating.url,
        path: "/mcp/servers/rotating",
        token: token.token,
      });
      expect(answer.status).toBe(200);
      return decodeProtectedHeader(String(verifier.seen.at(-1)!.authorization).replace(/^Bearer /, "")).kid!;
    };
    const first = await call();
    const keysNow = async () =>
      ((await api("/.well-known/jwks.json", { base: rotating.url })).body.keys as { kid: string }[]).map((k) => k.kid);
    let published: string[] = [];
    await until(async () => (published = await keysNow()).length === 2);
    expect(published).toContain(first);
    const next = published.find((kid) => kid !== first)!;
    // Identities keep verifying until, and after, the next key signs.
    await until(async () => (await call()) === next);
    expect(await keysNow()).toContain(first);
  });
});

describe("OAuth clients reaching a server", () => {
  let verifying: Awaited<ReturnType<typeof startUpstreamServer>>;
  const oauthSlug = `${slug}-oauth`;
  const resource = () => `${base()}/mcp/servers/${oauthSlug}`;

  beforeAll(async () => {
    verifying = await startUpstreamServer({ issuer: base() });
    expect((await register(owner, { name: "OAuth echo", slug: oauthSlug, url: verifying.url })).status).toBe(201);
  });
  afterAll(() => verifying?.close());

  it("connect a service account's client with the SDK's ClientCredentialsProvider in its default flow", async () => {
    const { account, created } = await newServiceClient("gateway-ci", ["execute:mcp", "read:tasks"]);
    const provider = new ClientCredentialsProvider({
      clientId: created.body.clientId,
      clientSecret: created.body.clientSecret,
      expectedIssuer: base(),
    });
    const client = new Client({ name: "gateway-machine", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(resource()), { authProvider: provider }));
    const result = await client.callTool({ name: "echo", arguments: { message: "from a machine" } });
    expect(result.content).toEqual([{ type: "text", text: "echo: from a machine" }]);
    await client.close();
    // The token the SDK obtained is for the server alone, with the scopes the server serves.
    const issued = provider.tokens()!;
    expect(decodeJwt(issued.access_token).aud).toBe(resource());
    expect(issued.scope).toBe("execute:mcp");
    expect((await rawMcp(toolCall("whoami"), { base: base(), token: issued.access_token })).status).toBe(401);
    expect(verifying.identities.at(-1)).toMatchObject({
      aud: verifying.url,
      sub: account.body.id,
      kind: "service",
      client_id: created.body.clientId,
      scope: "execute:mcp",
    });
    expect(verifying.identities.at(-1)!.act).toBeUndefined();
  });

  it("give a person's app a grant of its own per resource: a server's beside /mcp's, refreshed for the server only", async () => {
    const { cookie } = await signIn(owner, { base: base() });
    const clientId = (await registerClient({}, base())).body.client_id as string;
    const code = await obtainCode(cookie, clientId, { base: base(), resource: resource(), scopes: ["execute:mcp"] });
    const exchanged = await exchange(clientId, code.code, code.verifier, REDIRECT_URI, base(), null);
    expect(exchanged.status).toBe(200);
    expect(decodeJwt(exchanged.body.access_token).aud).toBe(resource());
    const atServer = (token: string) =>
      rawMcp(initializeMessage, { base: base(), path: `/mcp/servers/${oauthSlug}`, token });
    expect((await atServer(exchanged.body.access_token)).status).toBe(200);
    // The app acts for the person: the server is told both.
    expect(verifying.identities.at(-1)).toMatchObject({
      sub: owner.userId,
      client_id: clientId,
      act: { sub: clientId },
      kind: "person",
    });

    // The same app connected to /mcp as well: its server grant is untouched.
    const own = await obtainCode(cookie, clientId, { base: base(), scopes: ["execute:mcp"] });
    const mcpTokens = await exchange(clientId, own.code, own.verifier, REDIRECT_URI, base());
    expect(mcpTokens.status).toBe(200);
    expect((await rawMcp(toolCall("whoami"), { base: base(), token: mcpTokens.body.access_token })).status).toBe(200);
    expect((await atServer(exchanged.body.access_token)).status).toBe(200);
    const apps = await api("/api/v2/connected-apps", { base: base(), token: owner.accessToken });
    const mine = apps.body.apps.filter((app: any) => app.client.id === clientId && app.status === "active");
    expect(mine.map((app: any) => app.resource?.url ?? null).sort()).toEqual([null, resource()].sort());

    // A refresh stays with its resource: never widened to another.
    const widened = await tokenEndpoint(
      {
        grant_type: "refresh_token",
        client_id: clientId,
        refresh_token: exchanged.body.refresh_token,
        resource: `${base()}/mcp`,
      },
      "/oauth/token",
      base(),
    );
    expect(widened.status).toBe(400);
    expect(widened.body.error).toBe("invalid_target");
    const refreshed = await refreshWith(clientId, exchanged.body.refresh_token, base());
    expect(refreshed.status).toBe(200);
    expect(decodeJwt(refreshed.body.access_token).aud).toBe(resource());
    expect((await atServer(refreshed.body.access_token)).status).toBe(200);
  });

  it("refuse a server of another organization, and a code exchanged for another resource", async () => {
    const stranger = await createUser({ base: base() });
    const { cookie } = await signIn(stranger, { base: base() });
    const clientId = (await registerClient({}, base())).body.client_id as string;
    const opened = await consentPage(cookie, clientId, resource());
    expect(opened.status).toBe(200);
    expect(opened.ticket).toBeUndefined();
    expect(opened.html).toContain("is an MCP server of another organization");

    const { cookie: ownerCookie } = await signIn(owner, { base: base() });
    const code = await obtainCode(ownerCookie, clientId, {
      base: base(),
      resource: resource(),
      scopes: ["execute:mcp"],
    });
    const elsewhere = await exchange(clientId, code.code, code.verifier, REDIRECT_URI, base());
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error).toBe("invalid_target");
    const unknown = await consentPage(ownerCookie, clientId, `${base()}/mcp/servers/nobody`);
    expect(new URL(unknown.location!).searchParams.get("error")).toBe("invalid_target");
  });
});

describe("per-tool permissions at a server", () => {
  const toolSlug = `${slug}-tools`;
  const path = `/mcp/servers/${toolSlug}`;
  let serverId: string;
  let member: TestUser;

  beforeAll(async () => {
    serverId = (await registerOpen("Tools", toolSlug)).id;
    member = await newMember();
  });

  // A tool call in a 2025 session of its own, as the server (the SDK's, with sessions) requires.
  const call = async (token: string, name: string, headers: Record<string, string> = {}) => {
    const opened = await rawMcp(initializeMessage, { base: base(), path, token });
    const session = opened.headers.get("mcp-session-id");
    return rawMcp(toolCall(name, { message: "hi" }), {
      base: base(),
      path,
      token,
      headers: { ...(session && { "mcp-session-id": session }), "mcp-protocol-version": "2025-11-25", ...headers },
    });
  };

  it("lists only a narrowed token's tools and refuses the others with the step-up challenge", async () => {
    const narrowed = await createApiToken(
      owner,
      { name: "echo only", scopes: ["execute:mcp"], server: toolSlug, tools: ["echo"] },
      base(),
    );
    expect(narrowed.tools).toEqual(["echo"]);
    const client = await connectMcp(narrowed.token, { base: base(), path });
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(["echo"]);
    expect((await callTool(client, "echo", { message: "allowed" })).content[0]!.text).toBe("echo: allowed");
    await client.close();

    const before = upstream.seen.length;
    const refused = await rawMcp(toolCall("shout", { message: "hi" }), { base: base(), path, token: narrowed.token });
    expect(refused.status).toBe(403);
    const challenge = refused.headers.get("www-authenticate")!;
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toContain(`resource_metadata="${base()}/.well-known/oauth-protected-resource${path}"`);
    expect(refused.json).toMatchObject({ error: { code: -32003, data: { tool: "shout" } } });
    expect(refused.json.error.message).toContain("may not call shout");
    // The refused call never reached the server.
    expect(upstream.seen.length).toBe(before);
    // tools narrow a server's token only.
    const stray = await api("/api/v2/tokens", {
      base: base(),
      token: owner.accessToken,
      body: { name: "stray", scopes: ["execute:mcp"], tools: ["echo"] },
    });
    expect(stray.status).toBe(400);
  });

  it("hands on a server's token narrowed to fewer tools, for that server only (delegation)", async () => {
    const full = await createApiToken(owner, { name: "both tools", scopes: ["execute:mcp"], server: toolSlug }, base());
    const delegate = (extra: Record<string, string>) =>
      fetch(`${base()}/oauth/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
          subject_token: full.token,
          subject_token_type: "urn:ietf:params:oauth:token-type:access_token",
          ...extra,
        }),
      }).then(async (response) => ({ status: response.status, body: (await response.json()) as any }));
    const narrowed = await delegate({ tools: "echo" });
    expect(narrowed.status).toBe(200);
    expect((await call(narrowed.body.access_token, "echo")).status).toBe(200);
    expect((await call(narrowed.body.access_token, "shout")).status).toBe(403);
    // Its audience is the server's: /mcp refuses it, and asking for /mcp instead is refused.
    expect((await rawMcp(initializeMessage, { base: base(), token: narrowed.body.access_token })).status).toBe(401);
    expect((await delegate({ resource: `${base()}/mcp` })).body.error).toBe("invalid_target");
    // Never wider: from the narrowed token, the other tool cannot come back.
    const again = await fetch(`${base()}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
        subject_token: narrowed.body.access_token,
        subject_token_type: "urn:ietf:params:oauth:token-type:access_token",
        tools: "echo shout",
      }),
    });
    expect(((await again.json()) as any).error).toBe("invalid_scope");
  });

  it("refuses a 2026-07-28 header that names another call than the body", async () => {
    const token = await createApiToken(owner, { name: "all tools", scopes: ["execute:mcp"], server: toolSlug }, base());
    const mismatched = await call(token.token, "echo", { "mcp-method": "tools/call", "mcp-name": "shout" });
    expect(mismatched.status).toBe(400);
    expect(mismatched.json).toMatchObject({ id: 2, error: { code: -32020 } });
    expect(mismatched.json.error.message).toBe("The Mcp-Name header names shout but the body's params.name is echo.");
    expect((await call(token.token, "echo", { "mcp-method": "tools/call", "mcp-name": "echo" })).status).toBe(200);
  });

  it("lets owners limit what members grant, on every path: a member's token, a limit set later, a service account's", async () => {
    const before = await createApiToken(
      member,
      { name: "member all", scopes: ["execute:mcp"], server: toolSlug },
      base(),
    );
    expect(before.tools).toBeNull();
    expect((await call(before.token, "shout")).status).toBe(200);

    const patch = (body: unknown, user = owner) =>
      api(`/api/v2/organization/servers/${serverId}`, { base: base(), method: "PATCH", token: user.accessToken, body });
    expect((await patch({ memberTools: ["echo"] }, member)).status).toBe(403);
    const limited = await patch({ memberTools: ["echo"] });
    expect(limited.status).toBe(200);
    expect(limited.body.memberTools).toEqual(["echo"]);

    // The member's live token is narrowed at once, and refused the tool at its next request.
    expect((await call(before.token, "shout")).status).toBe(403);
    const listed = await api(`/api/v2/tokens/${before.id}`, { base: base(), token: member.accessToken });
    expect(listed.body.tools).toEqual(["echo"]);

    // A new token: asking beyond the limit is refused; asking nothing gives the limit.
    const beyond = await api("/api/v2/tokens", {
      base: base(),
      token: member.accessToken,
      body: { name: "beyond", scopes: ["execute:mcp"], server: toolSlug, tools: ["echo", "shout"] },
    });
    expect(beyond.status).toBe(403);
    expect(beyond.body.error.message).toContain("members may grant only echo of Tools; not shout");
    const within = await createApiToken(member, { name: "within", scopes: ["execute:mcp"], server: toolSlug }, base());
    expect(within.tools).toEqual(["echo"]);
    // Rotation keeps the narrowed list.
    const rotated = await api(`/api/v2/tokens/${within.id}/rotate`, {
      base: base(),
      token: member.accessToken,
      body: {},
    });
    expect(rotated.body.tools).toEqual(["echo"]);

    // A service account is a member: its client's tokens for the server are narrowed too.
    const { created } = await newServiceClient("tools-ci", ["execute:mcp"]);
    const basic = Buffer.from(`${created.body.clientId}:${created.body.clientSecret}`).toString("base64");
    const answer = await fetch(`${base()}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${basic}` },
      body: new URLSearchParams({ grant_type: "client_credentials", resource: `${base()}${path}` }),
    });
    expect(answer.status).toBe(200);
    const issued = { body: (await answer.json()) as { access_token: string } };
    expect((await call(issued.body.access_token, "echo")).status).toBe(200);
    expect((await call(issued.body.access_token, "shout")).status).toBe(403);
    // Owners are not limited.
    const owners = await createApiToken(
      owner,
      { name: "owner all", scopes: ["execute:mcp"], server: toolSlug },
      base(),
    );
    expect(owners.tools).toBeNull();
  });

  it("narrows an app to the tools chosen on the consent page, kept within the members' limit through every refresh", async () => {
    const appsSlug = `${slug}-apps`;
    const appsPath = `/mcp/servers/${appsSlug}`;
    const apps = await registerOpen("Apps", appsSlug);
    const appsResource = `${base()}${appsPath}`;
    const listedTools = async (token: string) => {
      const client = await connectMcp(token, { base: base(), path: appsPath });
      const names = (await client.listTools()).tools.map((tool) => tool.name).sort();
      await client.close();
      return names;
    };
    const shout = (token: string) =>
      rawMcp(toolCall("shout", { message: "hi" }), { base: base(), path: appsPath, token });
    const appFor = async (user: TestUser, clientId: string) => {
      const apps = await api("/api/v2/connected-apps", { base: base(), token: user.accessToken });
      return apps.body.apps.find((app: any) => app.client.id === clientId && app.status === "active");
    };

    // An owner narrows the app to echo: its tokens list and call echo only.
    const { cookie } = await signIn(owner, { base: base() });
    const clientId = (await registerClient({}, base())).body.client_id as string;
    const code = await obtainCode(cookie, clientId, {
      base: base(),
      resource: appsResource,
      scopes: ["execute:mcp"],
      tools: ["echo"],
    });
    const issued = await exchange(clientId, code.code, code.verifier, REDIRECT_URI, base(), null);
    expect(issued.status).toBe(200);
    expect(await listedTools(issued.body.access_token)).toEqual(["echo"]);
    expect((await shout(issued.body.access_token)).status).toBe(403);
    expect((await appFor(owner, clientId)).resource).toEqual({ name: "Apps", url: appsResource, tools: ["echo"] });
    // A refresh keeps the grant's tools.
    const refreshed = await refreshWith(clientId, issued.body.refresh_token, base());
    expect(refreshed.status).toBe(200);
    expect((await shout(refreshed.body.access_token)).status).toBe(403);
    // Tools narrow a server's grant only: not an app asking for Keyway's own /mcp.
    const own = await consentPage(cookie, clientId, `${base()}/mcp`);
    const stray = await decide(cookie, own.ticket!, true, ["execute:mcp"], base(), ["echo"]);
    expect(stray.status).toBe(400);
    expect(stray.body.error.message).toContain(
      "tools narrow an app's access to one of your organization's MCP servers",
    );

    // A member's app granted both tools; then the owner limits members to echo: the grant follows,
    // so the next refresh issues echo only instead of failing.
    const member = await newMember();
    const memberCookie = (await signIn(member, { base: base() })).cookie;
    const memberClient = (await registerClient({}, base())).body.client_id as string;
    const both = await obtainCode(memberCookie, memberClient, {
      base: base(),
      resource: appsResource,
      scopes: ["execute:mcp"],
      tools: ["echo", "shout"],
    });
    const memberTokens = await exchange(memberClient, both.code, both.verifier, REDIRECT_URI, base(), null);
    expect(await listedTools(memberTokens.body.access_token)).toEqual(["echo", "shout"]);
    // The app authorizes again; its code is exchanged only after the limit below.
    const later = await obtainCode(memberCookie, memberClient, {
      base: base(),
      resource: appsResource,
      scopes: ["execute:mcp"],
      tools: ["echo", "shout"],
    });
    const limited = await api(`/api/v2/organization/servers/${apps.id}`, {
      base: base(),
      method: "PATCH",
      token: owner.accessToken,
      body: { memberTools: ["echo"] },
    });
    expect(limited.status).toBe(200);
    expect((await shout(memberTokens.body.access_token)).status).toBe(403);
    const renewed = await refreshWith(memberClient, memberTokens.body.refresh_token, base());
    expect(renewed.status).toBe(200);
    expect(await listedTools(renewed.body.access_token)).toEqual(["echo"]);
    expect((await appFor(member, memberClient)).resource.tools).toEqual(["echo"]);
    // The code consented to before the limit is exchanged within it.
    const exchangedLater = await exchange(memberClient, later.code, later.verifier, REDIRECT_URI, base(), null);
    expect(exchangedLater.status).toBe(200);
    expect(await listedTools(exchangedLater.body.access_token)).toEqual(["echo"]);

    // Consenting beyond the limit is refused on the consent page, before any code exists.
    const opened = await consentPage(memberCookie, memberClient, appsResource);
    expect(opened.html).toContain("You may grant only echo");
    const beyond = await decide(memberCookie, opened.ticket!, true, ["execute:mcp"], base(), ["shout"]);
    expect(beyond.status).toBe(403);
    expect(beyond.body.error.message).toContain("members may grant only echo of Apps; not shout");
  });
});

describe("a server on the 2026-07-28 revision", () => {
  const modernSlug = `${slug}-modern`;
  let modern: Awaited<ReturnType<typeof startModernUpstreamServer>>;
  let token: { token: string };

  beforeAll(async () => {
    modern = await startModernUpstreamServer();
    const registered = await register(owner, {
      name: "Modern",
      slug: modernSlug,
      url: modern.url,
      auth: { mode: "none" },
    });
    expect(registered.status).toBe(201);
    token = await createApiToken(owner, { name: "modern", scopes: ["execute:mcp"], server: modernSlug }, base());
  });

  afterAll(async () => {
    await modern?.close();
  });

  /** The 2.x client pinned to 2026-07-28, through Keyway. */
  const connect = () =>
    connectMcpV2(token.token, { pin: "2026-07-28" }, { base: base(), path: `/mcp/servers/${modernSlug}` });

  it("is reached by the 2.x client pinned to 2026-07-28, statelessly, with the revision's headers passed on", async () => {
    const client = await connect();
    expect(client.getNegotiatedProtocolVersion()).toBe("2026-07-28");
    expect((await client.listTools()).tools.map((tool) => tool.name)).toEqual(["echo"]);
    const result = await client.callTool({ name: "echo", arguments: { message: "current" } });
    expect(result.content).toEqual([{ type: "text", text: "modern echo: current" }]);
    await client.close();
    const call = modern.seen.find((headers) => headers["mcp-method"] === "tools/call")!;
    expect(call).toMatchObject({ "mcp-protocol-version": "2026-07-28", "mcp-name": "echo" });
    expect(modern.seen.every((headers) => headers["mcp-session-id"] === undefined)).toBe(true);
    expect(modern.seen.every((headers) => headers.authorization === undefined)).toBe(true);
  });

  it("carries a subscriptions/listen stream: the acknowledgement at once, change notifications as they happen", async () => {
    const client = await connect();
    let changes = 0;
    client.setNotificationHandler("notifications/tools/list_changed", () => {
      changes += 1;
    });
    // listen() resolves on the server's acknowledgement, the first event of a stream that stays
    // open: a gateway holding the answer until it ends would never let it resolve.
    const subscription = await client.listen({ toolsListChanged: true });
    expect(changes).toBe(0);
    modern.notify.toolsChanged();
    await until(() => changes === 1, 30_000);
    modern.notify.toolsChanged();
    await until(() => changes === 2, 30_000);
    await subscription.close();
    await client.close();
    expect(modern.seen.some((headers) => headers["mcp-method"] === "subscriptions/listen")).toBe(true);
  });
});

describe("the docs page", () => {
  it("shows a signed-in member their organization's servers with how to connect, and strangers none", async () => {
    const docsSlug = `${slug}-docs`;
    expect((await register(owner, { name: "Documented", slug: docsSlug, url: upstream.url })).status).toBe(201);
    const { cookie } = await signIn(owner, { base: base() });
    const page = await (await fetch(`${base()}/docs/mcp`, { headers: { cookie } })).text();
    const resource = `${base()}/mcp/servers/${docsSlug}`;
    expect(page).toContain(resource);
    expect(page).toContain(`claude mcp add --transport http keyway ${resource}`);
    const anonymous = await (await fetch(`${base()}/docs/mcp`)).text();
    expect(anonymous).toContain("/.well-known/jwks.json");
    expect(anonymous).not.toContain(resource);
  });
});
