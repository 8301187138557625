import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, baseUrl, createUser, signIn, type TestUser } from "../helpers/api";
import { testDb } from "../helpers/db";
import { rawMcp, toolCall } from "../helpers/mcp";
import {
  exchange,
  localServer,
  obtainCode,
  openAuthorize,
  pkce,
  REDIRECT_URI,
  refreshWith,
  register,
  tokenEndpoint,
} from "../helpers/oauth";
import { startServer, type RunningServer } from "../helpers/server";
import { SCOPES } from "@/lib/scopes";

// Issue 21: OAuth that hosted clients keep using. Grants that carry the scopes the user meant to
// give, one grant per app through step-ups, refreshes that survive retries and races, the
// organization's lifetimes, client documents written for many servers, and the defects an
// outside review found. Through HTTP only, on whichever store the suite runs on.

// Every scope the tools use (lib/scopes.ts is the one list).
const ALL_SCOPES = [...SCOPES];

let user: TestUser;
let cookie: string;

beforeAll(async () => {
  user = await createUser();
  cookie = (await signIn(user)).cookie;
});

const authorizeParams = (clientId: string, extra: Record<string, string> = {}) => ({
  response_type: "code",
  client_id: clientId,
  redirect_uri: REDIRECT_URI,
  code_challenge: pkce().challenge,
  code_challenge_method: "S256",
  ...extra,
});

/** The scope checkboxes of a server-rendered consent page: which are offered, ticked, fixed. */
function checkboxes(html: string) {
  return [...html.matchAll(/<input[^>]*name="scope"[^>]*>/g)].map(([tag]) => ({
    scope: /value="([^"]+)"/.exec(tag)![1],
    checked: / checked=""/.test(tag),
    required: / disabled=""/.test(tag),
  }));
}

const activeApps = async (who: TestUser, clientId: string) =>
  (await api("/api/v2/connected-apps?status=active", { token: who.accessToken })).body.apps.filter(
    (app: any) => app.client.id === clientId,
  );

describe("grants that work for clients following the scope-selection strategy", () => {
  it("the 401 and the resource metadata name every scope the tools use", async () => {
    const challenge = (await rawMcp(toolCall("whoami"))).headers.get("www-authenticate")!;
    expect(/scope="([^"]+)"/.exec(challenge)![1]!.split(" ")).toEqual(ALL_SCOPES);
    expect((await api("/.well-known/oauth-protected-resource/mcp")).body.scopes_supported).toEqual(ALL_SCOPES);
  });

  it("the consent page offers every scope, ticks what was asked, and keeps execute:mcp", async () => {
    const clientId = (await register()).body.client_id;
    const narrow = await openAuthorize(cookie, authorizeParams(clientId, { scope: "read:tasks" }));
    expect(checkboxes(narrow.html)).toEqual(
      ALL_SCOPES.map((scope) => ({
        scope,
        checked: scope === "read:tasks" || scope === "execute:mcp",
        required: scope === "execute:mcp",
      })),
    );
    // A client that asked for nothing gets everything ticked; the user unticks what they will not give.
    const all = await openAuthorize(cookie, authorizeParams(clientId));
    expect(checkboxes(all.html).every((box) => box.checked)).toBe(true);
    expect(all.html).toContain("1 hour");
    expect(all.html).toContain("30 days");
  });

  it("a step-up joins the app's one grant: the earlier tokens stop, and their refresh token is merely invalid", async () => {
    const clientId = (await register({ client_name: "Stepping app" })).body.client_id;
    const first = await obtainCode(cookie, clientId, { scopes: ["execute:mcp", "read:tasks"] });
    const before = (await exchange(clientId, first.code, first.verifier)).body;
    const [app] = await activeApps(user, clientId);
    expect(app.scopes).toEqual(["execute:mcp", "read:tasks"]);

    // The step-up asks for the scope the 403 named; the page keeps what the app holds ticked. The
    // first page offered every scope ticked (the app asked for none) and the person gave two, so
    // write:tasks was declined: it waits for the person to tick it, and the page says why.
    const opened = await openAuthorize(cookie, authorizeParams(clientId, { scope: "write:tasks" }));
    expect(
      checkboxes(opened.html)
        .filter((box) => box.checked)
        .map((box) => box.scope),
    ).toEqual(["execute:mcp", "read:tasks"]);
    expect(opened.html).toContain("you declined this for the app before");
    const second = await obtainCode(cookie, clientId, {
      scope: "write:tasks",
      scopes: ["execute:mcp", "read:tasks", "write:tasks"],
    });
    const after = (await exchange(clientId, second.code, second.verifier)).body;
    expect(after.scope).toBe("execute:mcp read:tasks write:tasks");

    const apps = await activeApps(user, clientId);
    expect(apps).toHaveLength(1);
    expect(apps[0]).toMatchObject({ id: app.id, scopes: ["execute:mcp", "read:tasks", "write:tasks"] });
    const superseded = await rawMcp(toolCall("whoami"), { token: before.access_token });
    expect(superseded.status).toBe(401);
    expect(superseded.headers.get("www-authenticate")).toContain("Token has been revoked");
    const stale = await refreshWith(clientId, before.refresh_token);
    expect(stale.body).toMatchObject({ error: "invalid_grant", error_description: "The refresh token is invalid." });
    // ...which revoked nothing: the app keeps working with what it received last.
    expect(
      (await rawMcp(toolCall("create_task", { title: "after step-up" }), { token: after.access_token })).status,
    ).toBe(200);
    expect((await refreshWith(clientId, after.refresh_token)).status).toBe(200);
    const issued = await testDb().auditEvent.findFirstOrThrow({
      where: { action: "oauth.token_issued", targetId: app.id },
      orderBy: { createdAt: "desc" },
    });
    expect(JSON.parse(issued.metadata)).toMatchObject({ previousScopes: ["execute:mcp", "read:tasks"] });
  });

  it("a scope declined for an app stays unticked when the app asks for it again, until the person ticks it", async () => {
    const clientId = (await register({ client_name: "Asks for everything" })).body.client_id;
    const everything = "execute:mcp read:tasks write:tasks read:agents";
    // First consent: the app asks for four scopes; the person gives two.
    const first = await obtainCode(cookie, clientId, { scope: everything, scopes: ["execute:mcp", "read:tasks"] });
    expect((await exchange(clientId, first.code, first.verifier)).body.scope).toBe("execute:mcp read:tasks");

    // A step-up where the client asks again for all it first asked for, and one scope more: what
    // was declined is not ticked again (accepting as shown never grants it), and says why.
    const again = `${everything} write:context`;
    const ticked = (html: string) =>
      checkboxes(html)
        .filter((box) => box.checked)
        .map((box) => box.scope);
    const opened = await openAuthorize(cookie, authorizeParams(clientId, { scope: again }));
    expect(ticked(opened.html)).toEqual(["execute:mcp", "read:tasks", "write:context"]);
    expect(opened.html.match(/you declined this for the app before/g)).toHaveLength(2);

    // The person ticks write:tasks this time: granted, and no longer declined; read:agents stays
    // declined, and write:context, asked and left unticked, joins it.
    const second = await obtainCode(cookie, clientId, {
      scope: again,
      scopes: ["execute:mcp", "read:tasks", "write:tasks"],
    });
    expect((await exchange(clientId, second.code, second.verifier)).body.scope).toBe(
      "execute:mcp read:tasks write:tasks",
    );
    const third = await openAuthorize(cookie, authorizeParams(clientId, { scope: again }));
    expect(ticked(third.html)).toEqual(["execute:mcp", "read:tasks", "write:tasks"]);
  });

  it("the 403 of a step-up names only what the call lacks", async () => {
    const clientId = (await register()).body.client_id;
    const { code, verifier } = await obtainCode(cookie, clientId, { scopes: ["execute:mcp", "read:tasks"] });
    const tokens = (await exchange(clientId, code, verifier)).body;
    const refused = await rawMcp(toolCall("create_task", { title: "x" }), { token: tokens.access_token });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
    expect(refused.headers.get("www-authenticate")).toContain('scope="write:tasks"');
  });
});

describe("refresh retries and races", () => {
  async function connected(label: string) {
    const clientId = (await register({ client_name: label })).body.client_id;
    const { code, verifier } = await obtainCode(cookie, clientId);
    const tokens = (await exchange(clientId, code, verifier)).body;
    const grantId = (await activeApps(user, clientId))[0].id as string;
    return { clientId, tokens, grantId };
  }
  const liveRefreshTokens = (grantId: string) =>
    testDb().oAuthRefreshToken.count({ where: { grantId, usedAt: null, expiresAt: { gt: new Date() } } });

  it("two refreshes with one token at once both succeed and leave exactly one live chain", async () => {
    const { clientId, tokens, grantId } = await connected("Racing app");
    const [a, b] = await Promise.all([
      refreshWith(clientId, tokens.refresh_token),
      refreshWith(clientId, tokens.refresh_token),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.refresh_token).toBe(b.body.refresh_token);
    expect(a.body.access_token).not.toBe(b.body.access_token);
    for (const token of [a.body.access_token, b.body.access_token]) {
      expect((await rawMcp(toolCall("whoami"), { token })).status).toBe(200);
    }
    expect(await liveRefreshTokens(grantId)).toBe(1);
    expect((await refreshWith(clientId, a.body.refresh_token)).status).toBe(200);
    expect(await liveRefreshTokens(grantId)).toBe(1);
  });

  it("a retry after a lost answer is handed the same successor", async () => {
    const { clientId, tokens, grantId } = await connected("Retrying app");
    const lost = await refreshWith(clientId, tokens.refresh_token);
    const retried = await refreshWith(clientId, tokens.refresh_token);
    expect(retried.status).toBe(200);
    expect(retried.body.refresh_token).toBe(lost.body.refresh_token);
    const audit = await testDb().auditEvent.findFirstOrThrow({
      where: { action: "oauth.token_refreshed", targetId: grantId },
      orderBy: { createdAt: "desc" },
    });
    expect(JSON.parse(audit.metadata)).toMatchObject({ retry: true });
  });

  it("the same token after the window revokes the whole grant, with an audit event", async () => {
    const { clientId, tokens, grantId } = await connected("Late app");
    const next = (await refreshWith(clientId, tokens.refresh_token)).body;
    // Time moves instead of being waited for: the rotation happened 31 s ago (the window is 30 s).
    await testDb().oAuthRefreshToken.updateMany({
      where: { grantId, usedAt: { not: null } },
      data: { usedAt: new Date(Date.now() - 31_000) },
    });
    const late = await refreshWith(clientId, tokens.refresh_token);
    expect(late.body).toEqual({
      error: "invalid_grant",
      error_description: "The refresh token was already used; the app's access is revoked.",
    });
    expect((await rawMcp(toolCall("whoami"), { token: next.access_token })).status).toBe(401);
    expect((await refreshWith(clientId, next.refresh_token)).body.error).toBe("invalid_grant");
    expect(
      await testDb().auditEvent.count({ where: { action: "oauth.refresh_reuse_detected", targetId: grantId } }),
    ).toBe(1);
  });
});

describe("token lifetimes for connected apps in the organization's policy", () => {
  it("are shown on the consent page and the connected app, and enforced at issue and at refresh", async () => {
    const owner = await createUser({ organization: "Lifetimes org" });
    const ownerCookie = (await signIn(owner)).cookie;
    const policy = (body: Record<string, unknown>) =>
      api("/api/v2/organization/policy", {
        method: "PUT",
        token: owner.accessToken,
        body: {
          maxExpiryDays: null,
          maxRateLimitPerHour: null,
          memberScopes: null,
          approvalForWrite: false,
          requireAllowedAddresses: false,
          ...body,
        },
      });
    const outlives = await policy({ maxExpiryDays: 1, appAccessTokenMinutes: 2000 });
    expect(outlives.status).toBe(400);
    expect(outlives.body.error.fields.appAccessTokenMinutes[0]).toContain("cannot outlive");
    expect((await policy({ appAccessTokenMinutes: 600, appRefreshIdleDays: 2 })).body.policy).toMatchObject({
      appAccessTokenMinutes: 600,
      appRefreshIdleDays: 2,
    });

    const clientId = (await register()).body.client_id;
    const opened = await openAuthorize(ownerCookie, authorizeParams(clientId));
    expect(opened.html).toMatch(/lasts (<!-- -->)?10 hours/);
    expect(opened.html).toMatch(/after(<!-- -->)?\s*(<!-- -->)?2 days/);
    const { code, verifier } = await obtainCode(ownerCookie, clientId);
    const tokens = (await exchange(clientId, code, verifier)).body;
    expect(tokens.expires_in).toBe(36_000);
    const [app] = (await api("/api/v2/connected-apps", { token: owner.accessToken })).body.apps;
    expect(app.accessTokenLifetimeSeconds).toBe(36_000);
    const refreshEnds = Date.parse(app.refreshExpiresAt) - Date.now();
    expect(refreshEnds).toBeGreaterThan(2 * 86_400_000 - 60_000);
    expect(refreshEnds).toBeLessThanOrEqual(2 * 86_400_000);

    await policy({ appAccessTokenMinutes: 30 });
    const refreshed = (await refreshWith(clientId, tokens.refresh_token)).body;
    expect(refreshed.expires_in).toBe(1800);
    const row = await testDb().apiToken.findFirstOrThrow({
      where: { grantId: app.id, revokedAt: null },
      orderBy: { createdAt: "desc" },
    });
    expect(row.expiresAt.getTime() - Math.floor(row.createdAt.getTime() / 1000) * 1000).toBe(1_800_000);
  });
});

describe("client documents written for several servers", () => {
  it("connects a document listing other grant types or a key-based method, and refuses only what cannot work", async () => {
    let document: Record<string, unknown> = {};
    const server = await localServer((_req, res) =>
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(document)),
    );
    try {
      for (const extra of [
        { grant_types: ["authorization_code", "refresh_token", "client_credentials"] },
        { token_endpoint_auth_method: "private_key_jwt", jwks_uri: "https://keys.example/jwks.json" },
      ]) {
        const id = `${server.url}/${Object.keys(extra)[0]}.json`;
        document = { client_id: id, client_name: "Multi-server app", redirect_uris: [REDIRECT_URI], ...extra };
        const { code, verifier } = await obtainCode(cookie, id);
        const tokens = await exchange(id, code, verifier);
        expect(tokens.status, JSON.stringify(extra)).toBe(200);
        // What the document lists beyond the public code flow is never issued: a public client
        // never gets client credentials (they exist for service accounts' confidential clients).
        const credentials = await tokenEndpoint({ grant_type: "client_credentials", client_id: id });
        expect(credentials.body.error).toBe("unauthorized_client");
        expect(credentials.body.access_token).toBeUndefined();
      }

      const refused = async (name: string, extra: Record<string, unknown>, words: string) => {
        const id = `${server.url}/${name}.json`;
        document = { client_id: id, redirect_uris: [REDIRECT_URI], ...extra };
        const opened = await openAuthorize(cookie, authorizeParams(id));
        expect(opened.location).toBeNull();
        expect(opened.html).toContain(words);
      };
      await refused(
        "no-redirect",
        { redirect_uris: ["http://app.example/callback"] },
        "redirect_uris: no usable redirect URI (&quot;http://app.example/callback&quot; uses plain HTTP",
      );
      await refused(
        "secret",
        { token_endpoint_auth_method: "client_secret_basic" },
        "token_endpoint_auth_method: a metadata document cannot use a shared secret",
      );
      await refused("implicit", { grant_types: ["implicit"] }, "grant_types: must include authorization_code");
    } finally {
      await server.close();
    }
  });

  it("registers a client listing more than Keyway honours with what it honours, and keeps its usable redirect URIs", async () => {
    const { status, body } = await register({
      grant_types: [
        "authorization_code",
        "refresh_token",
        "client_credentials",
        "urn:ietf:params:oauth:grant-type:device_code",
      ],
      response_types: ["code", "token"],
      token_endpoint_auth_method: "private_key_jwt",
      redirect_uris: ["http://app.example/callback", REDIRECT_URI],
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
      redirect_uris: [REDIRECT_URI],
    });
    const { code, verifier } = await obtainCode(cookie, body.client_id);
    expect((await exchange(body.client_id, code, verifier)).status).toBe(200);
  });
});

/** A raw HTTP/1.1 request, so a header can be sent twice as a client could. */
function rawRequest(path: string, headers: [string, string][], body = "") {
  const { hostname, port } = new URL(baseUrl());
  const lines = [
    `POST ${path} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    "Connection: close",
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...headers.map(([name, value]) => `${name}: ${value}`),
  ];
  return new Promise<{ status: number; head: string; body: string }>((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = "";
    socket.on("data", (chunk) => (received += chunk));
    socket.on("error", reject);
    socket.on("end", () => {
      const [head, ...rest] = received.split("\r\n\r\n");
      resolve({ status: Number(head!.split(" ")[1]), head: head!.toLowerCase(), body: rest.join("\r\n\r\n") });
    });
    socket.end(`${lines.join("\r\n")}\r\n\r\n${body}`);
  });
}

describe("defects found by outside checks", () => {
  it("refuses two Authorization headers with 400 and a challenge on /mcp, the API and validate", async () => {
    const token = (
      await api("/api/v2/tokens", {
        token: user.accessToken,
        body: { name: "twice", scopes: ["execute:mcp"], expiresInDays: 1, rateLimitPerHour: 100 },
      })
    ).body.token;
    const twice: [string, string][] = [
      ["Authorization", `Bearer ${token}`],
      ["Authorization", `Bearer ${user.accessToken}`],
      ["Content-Type", "application/json"],
      ["Accept", "application/json, text/event-stream"],
    ];
    for (const [path, body] of [
      ["/mcp", JSON.stringify(toolCall("whoami"))],
      ["/api/v2/tokens", JSON.stringify({ name: "x", scopes: ["execute:mcp"], expiresInDays: 1, rateLimitPerHour: 1 })],
      ["/api/v2/tokens/validate", ""],
    ] as const) {
      const response = await rawRequest(path, twice, body);
      expect(response.status, path).toBe(400);
      expect(response.head, path).toMatch(
        /www-authenticate: bearer realm="keyway", error="invalid_request", error_description="send one authorization header with one credential"/,
      );
    }
    // Nothing was created by the refused POST.
    const names = (await api("/api/v2/tokens", { token: user.accessToken })).body.tokens.map((t: any) => t.name);
    expect(names).not.toContain("x");
  });

  it("answers an unsupported MCP-Protocol-Version on a 2025-style request with the request's id", async () => {
    const token = (
      await api("/api/v2/tokens", {
        token: user.accessToken,
        body: { name: "version", scopes: ["execute:mcp"], expiresInDays: 1, rateLimitPerHour: 100 },
      })
    ).body.token;
    const response = await rawMcp(
      { jsonrpc: "2.0", id: 42, method: "tools/list" },
      { token, headers: { "mcp-protocol-version": "1999-01-01" } },
    );
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({
      jsonrpc: "2.0",
      id: 42,
      error: { code: -32000, message: expect.stringContaining("Unsupported protocol version: 1999-01-01") },
    });
  });
});

describe("defects an outside security review found", () => {
  it("a member removed before exchanging a code gets nothing, nor does anyone no longer a member", async () => {
    const owner = await createUser({ organization: "Removal org" });
    const member = await createUser();
    const db = testDb();
    await db.membership.deleteMany({ where: { userId: member.userId } });
    await db.membership.create({ data: { userId: member.userId, orgId: owner.orgId, role: "member" } });
    const memberCookie = (await signIn(member)).cookie;
    const clientId = (await register()).body.client_id;

    const pending = await obtainCode(memberCookie, clientId);
    const removed = await api(`/api/v2/organization/members/${member.userId}`, {
      method: "DELETE",
      token: owner.accessToken,
    });
    expect(removed.status).toBe(200);
    const refused = await exchange(clientId, pending.code, pending.verifier);
    expect(refused.body.error).toBe("invalid_grant");
    expect(await db.oAuthGrant.count({ where: { userId: member.userId, orgId: owner.orgId } })).toBe(0);

    // A membership that ends any other way is checked at the exchange and at every refresh.
    await db.membership.create({ data: { userId: member.userId, orgId: owner.orgId, role: "member" } });
    const again = await obtainCode(memberCookie, clientId);
    await db.membership.deleteMany({ where: { userId: member.userId, orgId: owner.orgId } });
    const outsider = await exchange(clientId, again.code, again.verifier);
    expect(outsider.body).toEqual({
      error: "invalid_grant",
      error_description: "You are no longer a member of this organization; the app cannot be given access.",
    });
    expect(await db.oAuthGrant.count({ where: { userId: member.userId, orgId: owner.orgId } })).toBe(0);
  });

  it("a refresh for someone no longer a member is refused", async () => {
    const owner = await createUser({ organization: "Refresh removal org" });
    const member = await createUser();
    const db = testDb();
    await db.membership.deleteMany({ where: { userId: member.userId } });
    await db.membership.create({ data: { userId: member.userId, orgId: owner.orgId, role: "member" } });
    const clientId = (await register()).body.client_id;
    const { code, verifier } = await obtainCode((await signIn(member)).cookie, clientId);
    const tokens = (await exchange(clientId, code, verifier)).body;
    // Behind Keyway's back, so only the check at refresh stands between the app and a new token.
    await db.membership.deleteMany({ where: { userId: member.userId, orgId: owner.orgId } });
    expect((await refreshWith(clientId, tokens.refresh_token)).body.error_description).toContain("no longer a member");
  });

  it("refuses a repeated grant_type, scope or token_type_hint instead of taking the first", async () => {
    const clientId = (await register()).body.client_id;
    const { code, verifier } = await obtainCode(cookie, clientId);
    const tokens = (await exchange(clientId, code, verifier)).body;
    const form = (pairs: [string, string][]) => new URLSearchParams(pairs);
    const cases: [string, URLSearchParams, string][] = [
      [
        "/oauth/token",
        form([
          ["grant_type", "refresh_token"],
          ["grant_type", "authorization_code"],
          ["client_id", clientId],
          ["refresh_token", tokens.refresh_token],
        ]),
        "grant_type is given more than once.",
      ],
      [
        "/oauth/token",
        form([
          ["grant_type", "refresh_token"],
          ["client_id", clientId],
          ["refresh_token", tokens.refresh_token],
          ["scope", "execute:mcp"],
          ["scope", "execute:mcp read:tasks"],
        ]),
        "scope is given more than once.",
      ],
      [
        "/oauth/revoke",
        form([
          ["client_id", clientId],
          ["token", tokens.refresh_token],
          ["token_type_hint", "refresh_token"],
          ["token_type_hint", "access_token"],
        ]),
        "token_type_hint is given more than once.",
      ],
    ];
    for (const [path, body, description] of cases) {
      const response = await tokenEndpoint(body, path);
      expect(response.status, description).toBe(400);
      expect(response.body).toEqual({ error: "invalid_request", error_description: description });
    }
    // None of them used or revoked anything.
    expect((await refreshWith(clientId, tokens.refresh_token)).status).toBe(200);
  });
});

describe("settings: a strict refresh (no grace window) and RFC 9207 not advertised", () => {
  let strict: RunningServer;
  beforeAll(async () => {
    strict = await startServer({ OAUTH_REFRESH_GRACE_SECONDS: "0", OAUTH_ADVERTISE_ISS_PARAMETER: "false" });
  });
  afterAll(async () => {
    await strict?.stop();
  });

  it("revokes the grant on any reuse, and still sends iss while not advertising it", async () => {
    const base = strict.url;
    const metadata = await api("/.well-known/oauth-authorization-server", { base });
    expect(metadata.body.authorization_response_iss_parameter_supported).toBe(false);
    const owner = await createUser({ base });
    const ownerCookie = (await signIn(owner, { base })).cookie;
    const clientId = (await register({}, base)).body.client_id;
    const { code, verifier, back } = await obtainCode(ownerCookie, clientId, { base });
    expect(back.searchParams.get("iss")).toBe(base);
    const tokens = (await exchange(clientId, code, verifier, REDIRECT_URI, base)).body;
    const next = (await refreshWith(clientId, tokens.refresh_token, base)).body;
    expect(next.refresh_token).toBeTruthy();
    const again = await refreshWith(clientId, tokens.refresh_token, base);
    expect(again.body.error).toBe("invalid_grant");
    expect((await refreshWith(clientId, next.refresh_token, base)).body.error).toBe("invalid_grant");
  });
});
