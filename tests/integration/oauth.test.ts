import { beforeAll, describe, expect, it } from "vitest";
import { api, baseUrl, createUser, signIn, type TestUser } from "../helpers/api";
import { addMember, testDb } from "../helpers/db";
import { callTool, connectMcp, rawMcp, toolCall } from "../helpers/mcp";
import { startServer } from "../helpers/server";
import {
  authorizeUrl,
  decide,
  exchange,
  localServer,
  obtainCode,
  openAuthorize,
  pkce,
  REDIRECT_URI,
  register,
  tokenEndpoint,
} from "../helpers/oauth";

// Keyway as the OAuth 2.1 authorization server of its own /mcp (issue 14), through HTTP only:
// each refusal is checked against the error its RFC names.

let user: TestUser;
let cookie: string;
let clientId: string;

beforeAll(async () => {
  user = await createUser();
  cookie = (await signIn(user)).cookie;
  const registered = await register();
  expect(registered.status).toBe(201);
  clientId = registered.body.client_id;
});

const base = () => ({
  response_type: "code",
  client_id: clientId,
  redirect_uri: REDIRECT_URI,
  code_challenge: pkce().challenge,
  code_challenge_method: "S256",
  state: "xyz",
});

function redirectParams(location: string | null) {
  expect(location, "a redirect back to the client").toBeTruthy();
  const url = new URL(location!);
  expect(`${url.origin}${url.pathname}`).toBe(REDIRECT_URI);
  return url.searchParams;
}

describe("discovery", () => {
  it("publishes RFC 8414 metadata at both paths, and the resource names its authorization server", async () => {
    const metadata = await api("/.well-known/oauth-authorization-server");
    expect(metadata.status).toBe(200);
    expect(metadata.body).toMatchObject({
      issuer: baseUrl(),
      authorization_endpoint: `${baseUrl()}/oauth/authorize`,
      token_endpoint: `${baseUrl()}/oauth/token`,
      registration_endpoint: `${baseUrl()}/oauth/register`,
      revocation_endpoint: `${baseUrl()}/oauth/revoke`,
      code_challenge_methods_supported: ["S256"],
      // `none` for people's apps; the others only for service accounts' clients (client credentials).
      token_endpoint_auth_methods_supported: ["none", "client_secret_basic", "private_key_jwt"],
      authorization_response_iss_parameter_supported: true,
      client_id_metadata_document_supported: true,
    });
    expect(metadata.body.scopes_supported).not.toContain("mcp:admin");
    expect((await api("/.well-known/openid-configuration")).body).toEqual(metadata.body);
    for (const path of ["/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp"]) {
      expect((await api(path)).body.authorization_servers).toEqual([baseUrl()]);
    }
    const challenge = (await rawMcp(toolCall("whoami"))).headers.get("www-authenticate")!;
    // Every scope the tools use: a client asks for what the challenge names, the user chooses.
    expect(challenge).toContain(
      'scope="execute:mcp read:tasks write:tasks read:context write:context read:agents write:agents"',
    );
    expect(challenge).toContain("resource_metadata=");
  });

  it("answers unknown well-known and OAuth paths with JSON 404s, not pages", async () => {
    for (const path of [
      "/.well-known/oauth-authorization-server/mcp",
      "/.well-known/nothing",
      "/oauth/nothing",
      "/oauth/userinfo",
    ]) {
      const response = await api(path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get("content-type"), path).toContain("application/json");
      expect(response.body.error.code).toBe("not_found");
    }
  });
});

describe("dynamic client registration (RFC 7591)", () => {
  it("registers a public client and says so", async () => {
    const { status, body } = await register({ token_endpoint_auth_method: "client_secret_basic" });
    expect(status).toBe(201);
    expect(body.client_id).toMatch(/^kwc_/);
    expect(body.token_endpoint_auth_method).toBe("none");
    expect(body.client_secret).toBeUndefined();
    expect(body.redirect_uris).toEqual([REDIRECT_URI]);
    const event = await testDb().auditEvent.findFirst({
      where: { action: "oauth.client_registered", targetId: body.client_id },
    });
    expect(event?.orgId).toBeNull();
  });

  it.each([
    [{ redirect_uris: ["http://example.com/callback"] }, "invalid_redirect_uri", "plain HTTP"],
    [{ redirect_uris: ["javascript:alert(1)"] }, "invalid_redirect_uri", "javascript:"],
    [{ redirect_uris: ["https://app.example/cb#frag"] }, "invalid_redirect_uri", "fragment"],
    [{ redirect_uris: [] }, "invalid_redirect_uri", "at least one"],
    [{ grant_types: ["client_credentials"] }, "invalid_client_metadata", "authorization_code"],
    [{ logo_uri: "http://example.com/logo.png" }, "invalid_client_metadata", "logo_uri"],
  ])("refuses %j with %s", async (metadata, error, words) => {
    const { status, body } = await register(metadata);
    expect(status).toBe(400);
    expect(body.error).toBe(error);
    expect(body.error_description).toContain(words);
  });

  it("throttles open registration per client address, as OAUTH_REGISTRATIONS_PER_HOUR says", async () => {
    const limited = await startServer({ OAUTH_REGISTRATIONS_PER_HOUR: "2" });
    try {
      // On PostgreSQL the count is shared through Redis with every server of the suite, so the
      // refusal may come sooner, never later, than the third registration from 127.0.0.1.
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await register({}, limited.url));
      const third = answers[2]!;
      expect(third.status).toBe(503);
      expect(third.body).toEqual({
        error: "temporarily_unavailable",
        error_description: "Too many client registrations from this address; try again later.",
      });
      for (const answer of answers) expect([201, 503]).toContain(answer.status);
      const registered = answers.filter((answer) => answer.status === 201).length;
      expect(registered).toBeLessThanOrEqual(2);
    } finally {
      await limited.stop();
    }
  });

  it("accepts loopback redirects over HTTP and private-use schemes of native apps", async () => {
    const { status } = await register({
      redirect_uris: ["http://localhost:33418/cb", "cursor://anysphere.cursor-retrieval/oauth/callback"],
    });
    expect(status).toBe(201);
  });
});

describe("authorization code with PKCE", () => {
  it("issues Keyway tokens for the scopes the user left ticked, which /mcp verifies as any token", async () => {
    const { code, verifier, back } = await obtainCode(cookie, clientId, { scopes: ["execute:mcp", "read:tasks"] });
    expect(back.searchParams.get("state")).toBe("state-1");
    expect(back.searchParams.get("iss")).toBe(baseUrl());
    const tokens = await exchange(clientId, code, verifier);
    expect(tokens.status).toBe(200);
    expect(tokens.headers.get("cache-control")).toContain("no-store");
    expect(tokens.body).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "execute:mcp read:tasks" });
    expect(tokens.body.refresh_token).toMatch(/^kwr_/);

    const client = await connectMcp(tokens.body.access_token);
    const whoami = await callTool(client, "whoami");
    expect(whoami.structuredContent.scopes).toEqual(["execute:mcp", "read:tasks"]);
    expect(whoami.structuredContent.organization.id).toBe(user.orgId);
    // A tool beyond the grant is the step-up answer (403 insufficient_scope naming the scope).
    await expect(callTool(client, "create_task", { title: "not allowed" })).rejects.toThrow(
      /requires the write:tasks scope/,
    );
    await client.close();

    // An access token is for /mcp only; the management API refuses it.
    const management = await api("/api/v2/tokens", { token: tokens.body.access_token });
    expect(management.status).toBe(401);
    expect(management.headers.get("www-authenticate")).toContain("Bearer");
  });

  it("offers Keyway's scopes, never mcp:admin; the user chooses among them, and execute:mcp is always in", async () => {
    const opened = await openAuthorize(cookie, { ...base(), scope: "execute:mcp read:tasks mcp:admin openid" });
    expect(opened.html).toContain("never granted to apps");
    expect(opened.html).not.toMatch(/value="mcp:admin"/);
    const decided = await decide(cookie, opened.ticket!, true, ["write:agents", "mcp:admin", "openid"]);
    const code = new URL(decided.body.redirectTo).searchParams.get("code")!;
    const row = await testDb().oAuthCode.findFirst({
      where: { redirectUri: REDIRECT_URI, clientId },
      orderBy: { createdAt: "desc" },
    });
    expect(row?.scopes).toBe("execute:mcp write:agents");
    expect(code).toBeTruthy();
  });

  it("returns access_denied to the client when the user denies", async () => {
    const opened = await openAuthorize(cookie, base());
    const decided = await decide(cookie, opened.ticket!, false, []);
    const params = new URL(decided.body.redirectTo).searchParams;
    expect(params.get("error")).toBe("access_denied");
    expect(params.get("state")).toBe("xyz");
    expect(params.get("iss")).toBe(baseUrl());
  });

  it("sends a signed-out browser to sign in and back", async () => {
    const response = await fetch(authorizeUrl(base()), { redirect: "manual" });
    const location = new URL(response.headers.get("location")!, baseUrl());
    expect(location.pathname).toBe("/signin");
    expect(location.searchParams.get("callbackUrl")).toMatch(/^\/oauth\/authorize\?/);
  });

  it("refuses a cross-site or forged consent (CSRF)", async () => {
    const opened = await openAuthorize(cookie, base());
    const crossSite = await fetch(`${baseUrl()}/oauth/consent`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json", origin: "https://evil.example" },
      body: JSON.stringify({ ticket: opened.ticket, allow: true, scopes: ["execute:mcp"] }),
    });
    expect(crossSite.status).toBe(403);
    expect((await crossSite.json()).error.message).toContain("Cross-site");
    const forged = await decide(cookie, `${opened.ticket!.slice(0, -4)}AAAA`, true, ["execute:mcp"]);
    expect(forged.status).toBe(400);
    expect(forged.body.error.message).toContain("expired or belongs to another session");
    const noCookie = await fetch(`${baseUrl()}/oauth/consent`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ticket: opened.ticket, allow: true, scopes: ["execute:mcp"] }),
    });
    expect(noCookie.status).toBe(401);
  });

  it("refuses a consent form of another user", async () => {
    const opened = await openAuthorize(cookie, base());
    const other = await signIn(await createUser());
    const decided = await decide(other.cookie, opened.ticket!, true, ["execute:mcp"]);
    expect(decided.status).toBe(400);
    expect(decided.body.error.message).toContain("another session");
  });
});

describe("refusals at the authorization endpoint", () => {
  it.each([
    ["no PKCE", { code_challenge: undefined, code_challenge_method: undefined }, "invalid_request", "PKCE is required"],
    ["the plain method", { code_challenge_method: "plain" }, "invalid_request", "plain is not allowed"],
    ["another response type", { response_type: "token" }, "unsupported_response_type", "code"],
    ["a foreign resource", { resource: "https://other.example/mcp" }, "invalid_target", "/mcp"],
  ])("answers %s at the client's redirect URI with %s", async (_, change, error, words) => {
    const params = Object.fromEntries(
      Object.entries({ ...base(), ...change }).filter(([, value]) => value !== undefined),
    ) as Record<string, string>;
    const opened = await openAuthorize(cookie, params);
    expect(opened.status).toBe(307);
    const back = redirectParams(opened.location);
    expect(back.get("error")).toBe(error);
    expect(back.get("error_description")).toContain(words);
    expect(back.get("state")).toBe("xyz");
    expect(back.get("iss")).toBe(baseUrl());
  });

  it.each([
    ["an unregistered redirect URI", { redirect_uri: "https://attacker.example/cb" }, "not registered"],
    ["another loopback path", { redirect_uri: "http://127.0.0.1:8976/other" }, "not registered"],
    // Compared as strings: a path that normalises to the registered one is another URI (RFC 9700 4.1.3).
    ["a dot-segment path", { redirect_uri: "http://127.0.0.1:8976/x/%2e%2e/callback" }, "not registered"],
    ["a plain dot-segment path", { redirect_uri: "http://127.0.0.1:8976/x/../callback" }, "not registered"],
    ["another case of the host", { redirect_uri: "http://127.0.0.1:8976/Callback" }, "not registered"],
    ["an unknown client", { client_id: "kwc_unknown" }, "Unknown client_id"],
    ["no client", { client_id: "" }, "client_id is required"],
  ])("shows %s to the user and never redirects", async (_, change, words) => {
    const opened = await openAuthorize(cookie, { ...base(), ...change });
    expect(opened.status).toBe(200);
    expect(opened.location).toBeNull();
    expect(opened.ticket).toBeUndefined();
    expect(opened.html).toContain(words);
  });

  it("lets a loopback redirect URI use any port (RFC 8252)", async () => {
    const { code, verifier, back } = await obtainCode(cookie, clientId, {
      redirectUri: "http://127.0.0.1:49152/callback",
    });
    expect(back.port).toBe("49152");
    expect((await exchange(clientId, code, verifier, "http://127.0.0.1:49152/callback")).status).toBe(200);
  });
});

describe("refusals at the token endpoint", () => {
  it("refuses a missing or wrong verifier, another redirect URI, a foreign resource and another client", async () => {
    const missing = await obtainCode(cookie, clientId);
    const noVerifier = await tokenEndpoint({
      grant_type: "authorization_code",
      client_id: clientId,
      code: missing.code,
      redirect_uri: REDIRECT_URI,
    });
    expect(noVerifier.status).toBe(400);
    expect(noVerifier.body).toMatchObject({ error: "invalid_request" });
    expect(noVerifier.body.error_description).toContain("code_verifier");

    const wrong = await obtainCode(cookie, clientId);
    const wrongVerifier = await exchange(clientId, wrong.code, pkce().verifier);
    expect(wrongVerifier.body).toMatchObject({ error: "invalid_grant" });
    expect(wrongVerifier.body.error_description).toContain("code_verifier");

    const redirect = await obtainCode(cookie, clientId);
    const otherRedirect = await exchange(clientId, redirect.code, redirect.verifier, "http://127.0.0.1:8976/other");
    expect(otherRedirect.body).toMatchObject({ error: "invalid_grant" });

    const foreign = await obtainCode(cookie, clientId);
    const foreignResource = await tokenEndpoint({
      grant_type: "authorization_code",
      client_id: clientId,
      code: foreign.code,
      code_verifier: foreign.verifier,
      redirect_uri: REDIRECT_URI,
      resource: "https://other.example/mcp",
    });
    expect(foreignResource.body).toMatchObject({ error: "invalid_target" });

    const other = (await register()).body.client_id;
    const stolen = await obtainCode(cookie, clientId);
    expect((await exchange(other, stolen.code, stolen.verifier)).body).toMatchObject({ error: "invalid_grant" });
  });

  it("refuses a reused code and revokes what the first exchange issued", async () => {
    const { code, verifier } = await obtainCode(cookie, clientId);
    const first = await exchange(clientId, code, verifier);
    expect(first.status).toBe(200);
    const second = await exchange(clientId, code, verifier);
    expect(second.status).toBe(400);
    expect(second.body).toMatchObject({ error: "invalid_grant" });
    expect((await rawMcp(toolCall("whoami"), { token: first.body.access_token })).status).toBe(401);
    const refreshed = await tokenEndpoint({
      grant_type: "refresh_token",
      client_id: clientId,
      refresh_token: first.body.refresh_token,
    });
    expect(refreshed.body).toMatchObject({ error: "invalid_grant" });
  });

  it("refuses an expired code", async () => {
    const { code, verifier } = await obtainCode(cookie, clientId);
    // Codes live five minutes; age this one in the store rather than waiting.
    await testDb().oAuthCode.updateMany({
      where: { usedAt: null, clientId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await exchange(clientId, code, verifier);
    expect(expired.body).toMatchObject({ error: "invalid_grant" });
    expect(expired.body.error_description).toContain("expired");
  });

  it("refuses unknown grant types and bodies that are not a form", async () => {
    expect((await tokenEndpoint({ grant_type: "password", username: "a", password: "b" })).body).toMatchObject({
      error: "unsupported_grant_type",
    });
    // Client credentials exist for service accounts' clients only: without a client, 401.
    const anonymous = await tokenEndpoint({ grant_type: "client_credentials" });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error).toBe("invalid_client");
    const json = await api("/oauth/token", { body: { grant_type: "authorization_code" } });
    expect(json.status).toBe(400);
    expect(json.body.error).toBe("invalid_request");
  });
});

describe("refresh tokens", () => {
  it("rotate on every use, only narrow, and a reused one revokes the whole grant", async () => {
    const { code, verifier } = await obtainCode(cookie, clientId, { scopes: ["execute:mcp", "write:tasks"] });
    const first = (await exchange(clientId, code, verifier)).body;

    const widened = await tokenEndpoint({
      grant_type: "refresh_token",
      client_id: clientId,
      refresh_token: first.refresh_token,
      scope: "execute:mcp write:agents",
    });
    expect(widened.body).toMatchObject({ error: "invalid_scope" });

    const second = await tokenEndpoint({
      grant_type: "refresh_token",
      client_id: clientId,
      refresh_token: first.refresh_token,
      scope: "execute:mcp read:tasks",
    });
    expect(second.status).toBe(200);
    expect(second.body.scope).toBe("execute:mcp read:tasks");
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    const narrowed = await connectMcp(second.body.access_token);
    expect((await callTool(narrowed, "whoami")).structuredContent.scopes).toEqual(["execute:mcp", "read:tasks"]);
    await narrowed.close();

    // Presented again at once, while its successor is unused, it is a retry: the same successor.
    const retried = await tokenEndpoint({
      grant_type: "refresh_token",
      client_id: clientId,
      refresh_token: first.refresh_token,
    });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ refresh_token: second.body.refresh_token, scope: "execute:mcp read:tasks" });

    // Once the successor has been used, the first token is an older generation: it leaked.
    const third = await tokenEndpoint({
      grant_type: "refresh_token",
      client_id: clientId,
      refresh_token: second.body.refresh_token,
    });
    expect(third.status).toBe(200);
    const reused = await tokenEndpoint({
      grant_type: "refresh_token",
      client_id: clientId,
      refresh_token: first.refresh_token,
    });
    expect(reused.body).toMatchObject({ error: "invalid_grant" });
    for (const token of [second.body.access_token, retried.body.access_token, third.body.access_token]) {
      expect((await rawMcp(toolCall("whoami"), { token })).status).toBe(401);
    }
    const after = await tokenEndpoint({
      grant_type: "refresh_token",
      client_id: clientId,
      refresh_token: third.body.refresh_token,
    });
    expect(after.body).toMatchObject({ error: "invalid_grant" });
    const audit = await api("/api/v2/audit?limit=100", { token: user.accessToken });
    const actions = audit.body.events.map((event: { action: string }) => event.action);
    for (const action of [
      "oauth.consent_granted",
      "oauth.token_issued",
      "oauth.token_refreshed",
      "oauth.refresh_reuse_detected",
    ]) {
      expect(actions).toContain(action);
    }
  });
});

describe("revocation (RFC 7009)", () => {
  it("revokes the grant with its refresh token, an access token by itself, and ignores unknown tokens", async () => {
    const a = await obtainCode(cookie, clientId);
    const pair = (await exchange(clientId, a.code, a.verifier)).body;
    // Another app: a second authorization of the same app would join the first grant.
    const otherClient = (await register({ client_name: "Other client" })).body.client_id;
    const b = await obtainCode(cookie, otherClient);
    const other = (await exchange(otherClient, b.code, b.verifier)).body;

    expect((await tokenEndpoint({ client_id: clientId, token: "nothing-like-a-token" }, "/oauth/revoke")).status).toBe(
      200,
    );
    expect(
      (
        await tokenEndpoint(
          { client_id: otherClient, token: other.access_token, token_type_hint: "access_token" },
          "/oauth/revoke",
        )
      ).status,
    ).toBe(200);
    expect((await rawMcp(toolCall("whoami"), { token: other.access_token })).status).toBe(401);
    // The other grant's refresh token still works: only that access token went.
    expect(
      (await tokenEndpoint({ grant_type: "refresh_token", client_id: otherClient, refresh_token: other.refresh_token }))
        .status,
    ).toBe(200);

    expect((await tokenEndpoint({ client_id: clientId, token: pair.refresh_token }, "/oauth/revoke")).status).toBe(200);
    expect((await rawMcp(toolCall("whoami"), { token: pair.access_token })).status).toBe(401);
    const refused = await tokenEndpoint({
      grant_type: "refresh_token",
      client_id: clientId,
      refresh_token: pair.refresh_token,
    });
    expect(refused.body).toMatchObject({ error: "invalid_grant" });
  });
});

describe("connected apps", () => {
  it("lists each grant with its usage, lets owners see members' grants, and revoking refuses /mcp and refresh", async () => {
    const owner = await createUser({ organization: "Connected apps org" });
    const member = await createUser();
    await addMember(member.userId, owner.orgId, "member");
    const memberCookie = (await signIn(member)).cookie;
    const named = (await register({ client_name: "Member's agent" })).body.client_id;
    const { code, verifier } = await obtainCode(memberCookie, named, { scopes: ["execute:mcp", "read:tasks"] });
    const tokens = (await exchange(named, code, verifier)).body;
    const client = await connectMcp(tokens.access_token);
    await callTool(client, "list_tasks");
    await client.close();

    const mine = await api("/api/v2/connected-apps", { token: member.accessToken });
    expect(mine.status).toBe(200);
    const app = mine.body.apps.find((entry: any) => entry.client.id === named);
    expect(app).toMatchObject({
      client: { name: "Member's agent", kind: "dcr" },
      scopes: ["execute:mcp", "read:tasks"],
      status: "active",
    });
    // Personal token lists never show OAuth access tokens.
    expect((await api("/api/v2/tokens", { token: member.accessToken })).body.tokens).toEqual([]);

    expect((await api("/api/v2/connected-apps?scope=organization", { token: member.accessToken })).status).toBe(403);
    const orgWide = await api("/api/v2/connected-apps?scope=organization", { token: owner.accessToken });
    expect(orgWide.body.apps.map((entry: any) => entry.id)).toContain(app.id);

    const usage = await api(`/api/v2/connected-apps/${app.id}/usage`, { token: member.accessToken });
    expect(usage.status).toBe(200);
    expect(usage.body.grantId).toBe(app.id);

    // Another organization cannot see or revoke it.
    expect((await api(`/api/v2/connected-apps/${app.id}`, { method: "DELETE", token: user.accessToken })).status).toBe(
      404,
    );

    const revoked = await api(`/api/v2/connected-apps/${app.id}`, { method: "DELETE", token: owner.accessToken });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ status: "revoked", revokedReason: "revoked by organization owner" });
    expect((await rawMcp(toolCall("whoami"), { token: tokens.access_token })).status).toBe(401);
    const refresh = await tokenEndpoint({
      grant_type: "refresh_token",
      client_id: named,
      refresh_token: tokens.refresh_token,
    });
    expect(refresh.body).toMatchObject({ error: "invalid_grant" });
    const audit = await api("/api/v2/audit?limit=100", { token: owner.accessToken });
    expect(audit.body.events.map((event: { action: string }) => event.action)).toContain("oauth.grant_revoked");
  });
});

describe("client ID metadata documents", () => {
  it("uses a document served over loopback (allowed only because APP_URL is loopback) and refuses bad ones", async () => {
    let document: unknown;
    const server = await localServer((req, res) => {
      if (req.url === "/redirect.json") return res.writeHead(302, { location: "/client.json" }).end();
      if (req.url === "/huge.json")
        return res
          .writeHead(200, { "content-type": "application/json" })
          .end(JSON.stringify({ pad: "x".repeat(10_000) }));
      if (req.url === "/not-json") return res.writeHead(200).end("<html>");
      if (req.url === "/slow.json") return; // never answers
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(document));
    });
    try {
      const id = `${server.url}/client.json`;
      document = {
        client_id: id,
        client_name: "Doc client",
        redirect_uris: [REDIRECT_URI],
        token_endpoint_auth_method: "none",
      };
      const { code, verifier } = await obtainCode(cookie, id);
      const tokens = await exchange(id, code, verifier);
      expect(tokens.status).toBe(200);
      const apps = await api("/api/v2/connected-apps", { token: user.accessToken });
      expect(apps.body.apps.find((entry: any) => entry.client.id === id)).toMatchObject({
        client: { kind: "cimd", name: "Doc client" },
      });

      const refusedWith = async (clientIdValue: string, words: string) => {
        const opened = await openAuthorize(cookie, { ...base(), client_id: clientIdValue });
        expect(opened.location, clientIdValue).toBeNull();
        expect(opened.html, clientIdValue).toContain(words);
      };
      await refusedWith(`${server.url}/redirect.json`, "redirect");
      await refusedWith(`${server.url}/huge.json`, "larger than");
      await refusedWith(`${server.url}/not-json`, "not JSON");
      await refusedWith(`${server.url}/slow.json`, "did not answer within 5 s");
      document = { client_id: `${server.url}/elsewhere.json`, redirect_uris: [REDIRECT_URI] };
      await refusedWith(`${server.url}/mismatch.json`, "different client_id");
      document = { client_id: `${server.url}/secret.json`, redirect_uris: [REDIRECT_URI], client_secret: "x" };
      await refusedWith(`${server.url}/secret.json`, "client_secret");
    } finally {
      await server.close();
    }
  });

  it("refuses non-public and non-HTTPS client_id URLs before connecting to anything", async () => {
    // Address literals are judged before any connection; nothing listens at these, and the
    // message names the policy, not a connection failure.
    for (const target of [
      "https://10.0.0.1/client.json",
      "https://169.254.169.254/latest",
      "https://[fd00::1]/c.json",
      "https://192.168.1.1/c.json",
    ]) {
      const opened = await openAuthorize(cookie, { ...base(), client_id: target });
      expect(opened.html, target).toContain("not public");
    }
    const plain = await openAuthorize(cookie, { ...base(), client_id: "http://example.com/client.json" });
    expect(plain.html).toContain("must be an https URL");
    const root = await openAuthorize(cookie, { ...base(), client_id: "https://example.com/" });
    expect(root.html).toContain("must have a path");
  });
});
