import { createHash, randomUUID } from "node:crypto";
import { calculateJwkThumbprint, SignJWT } from "jose";
import { SSEClientTransport } from "@modelcontextprotocol/sdk/client/sse.js";
import { Client as LegacyClient } from "@modelcontextprotocol/sdk/client/index.js";
import { beforeAll, describe, expect, it } from "vitest";
import {
  Client,
  DpopSession,
  StreamableHTTPClientTransport,
  UnauthorizedError,
  type FetchLike,
} from "@modelcontextprotocol/client";
import { TestOAuthProvider } from "../../e2e/oauth-client";
import { baseUrl, createUser, signIn, type TestUser } from "../helpers/api";
import { decide, obtainCode, openAuthorize, register, REDIRECT_URI } from "../helpers/oauth";
import { toolCall } from "../helpers/mcp";
import { dpopKey, dpopTokenRequest as tokenRequest, type DpopKey } from "../helpers/dpop";

// Issue 36, items 1 and 2: DPoP (RFC 9449, the MCP extension SEP-1932). The official 2.x SDK
// client with DPoP on connects in its default OAuth flow, answers the authorization server's
// nonce, refreshes and calls tools; its token is worth nothing without its key: as Bearer, with a
// proof for another URL, method, key or token, a replayed proof or an old one, it is refused with
// RFC 9449's errors and challenges.

/** A proof signed with a shared secret (HS256, an `oct` key): it proves no one holds anything. */
async function symmetricProof(htm: string, htu: string, token: string) {
  const secret = new TextEncoder().encode("a shared secret of thirty-two bytes!");
  return new SignJWT({ htm, htu, jti: randomUUID(), iat: Math.floor(Date.now() / 1000), ath: accessTokenHash(token) })
    .setProtectedHeader({
      alg: "HS256",
      typ: "dpop+jwt",
      jwk: { kty: "oct", k: Buffer.from(secret).toString("base64url") } as { kty: string },
    })
    .sign(secret);
}
const accessTokenHash = (token: string) => createHash("sha256").update(token).digest("base64url");

const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";
const MCP_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };

async function mcp(headers: Record<string, string>, url = `${baseUrl()}/mcp`) {
  const response = await fetch(url, {
    method: "POST",
    headers: { ...MCP_HEADERS, ...headers },
    body: JSON.stringify(toolCall("whoami")),
  });
  return { status: response.status, challenge: response.headers.get("www-authenticate") };
}

let user: TestUser;
let cookie: string;
beforeAll(async () => {
  user = await createUser();
  cookie = (await signIn(user)).cookie;
});

describe("metadata", () => {
  it("says which proof algorithms the authorization server and /mcp take", async () => {
    const as = await (await fetch(`${baseUrl()}/.well-known/oauth-authorization-server`)).json();
    expect(as.dpop_signing_alg_values_supported).toContain("ES256");
    expect(as.dpop_signing_alg_values_supported).not.toContain("HS256");
    const prm = await (await fetch(`${baseUrl()}/.well-known/oauth-protected-resource/mcp`)).json();
    expect(prm).toMatchObject({ dpop_bound_access_tokens_required: false });
    expect(prm.dpop_signing_alg_values_supported).toEqual(as.dpop_signing_alg_values_supported);
  });
});

describe("the SDK client with DPoP on, in its default flow", () => {
  class DpopProvider extends TestOAuthProvider {
    private readonly session = DpopSession.create();
    dpop() {
      return this.session;
    }
  }

  it("is bound to its key, answers the nonce, refreshes, and calls tools", async () => {
    const mcpUrl = `${baseUrl()}/mcp`;
    const provider = new DpopProvider(REDIRECT_URI);
    // What crossed the wire at the token endpoint, to see the nonce asked for and answered.
    const seen: { status: number; dpop: boolean; nonce: string | null }[] = [];
    const recording: FetchLike = async (input, init) => {
      const response = await fetch(input, init);
      if (String(input).endsWith("/oauth/token")) {
        seen.push({
          status: response.status,
          dpop: new Headers(init?.headers).has("dpop"),
          nonce: response.headers.get("dpop-nonce"),
        });
      }
      return response;
    };
    const transport = () =>
      new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider, fetch: recording });
    const connect = async () => {
      const client = new Client({ name: "dpop-agent", version: "1.0.0" });
      await client.connect(transport());
      return client;
    };
    await expect(connect()).rejects.toBeInstanceOf(UnauthorizedError);
    const asked = provider.authorizationUrl!;
    const opened = await openAuthorize(cookie, Object.fromEntries(asked.searchParams));
    const decided = await decide(cookie, opened.ticket!, true, asked.searchParams.get("scope")!.split(" "));
    await transport().finishAuth(new URL(decided.body.redirectTo).searchParams);

    expect(provider.saved?.token_type).toBe("DPoP");
    // The first proof had no nonce: the server asked for one, and the retry carried it.
    expect(seen.map(({ status, dpop }) => [status, dpop])).toEqual([
      [400, true],
      [200, true],
    ]);
    expect(seen[0]!.nonce).toBeTruthy();

    let client = await connect();
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain("whoami");
    expect((await client.callTool({ name: "whoami", arguments: {} })).isError).toBeFalsy();

    // Taken away from the client, its access token is worth nothing as Bearer.
    const stolen = provider.saved!.access_token;
    const asBearer = await mcp({ authorization: `Bearer ${stolen}` });
    expect(asBearer.status).toBe(401);
    expect(asBearer.challenge).toMatch(/^DPoP algs="[^"]*ES256[^"]*", error="invalid_token"/);

    // The client refreshes by itself with its key, and goes on.
    const firstRefresh = provider.saved!.refresh_token;
    provider.saved = { ...provider.saved!, access_token: "no-longer-valid" };
    await client.close();
    client = await connect();
    expect((await client.callTool({ name: "whoami", arguments: {} })).isError).toBeFalsy();
    expect(provider.saved!.refresh_token).not.toBe(firstRefresh);
    expect(provider.saved!.token_type).toBe("DPoP");
    await client.close();
  }, 60_000);
});

describe("a bound token at /mcp", () => {
  let key: DpopKey;
  let token: string;
  let refreshToken: string;
  let clientId: string;
  beforeAll(async () => {
    key = await dpopKey();
    clientId = (await register()).body.client_id;
    const { code, verifier } = await obtainCode(cookie, clientId, { scopes: ["execute:mcp", "read:tasks"] });
    const issued = await tokenRequest(
      {
        grant_type: "authorization_code",
        client_id: clientId,
        code,
        code_verifier: verifier,
        redirect_uri: REDIRECT_URI,
        resource: `${baseUrl()}/mcp`,
      },
      key,
    );
    expect(issued.status).toBe(200);
    expect(issued.body.token_type).toBe("DPoP");
    token = issued.body.access_token;
    refreshToken = issued.body.refresh_token;
  });
  const url = () => `${baseUrl()}/mcp`;

  it("is accepted with a fresh proof made with its key, for this request and token", async () => {
    expect(
      (await mcp({ authorization: `DPoP ${token}`, dpop: await key.proof("POST", url(), { token }) })).status,
    ).toBe(200);
    // A query string is not part of what the proof names (section 4.3, step 9).
    expect(
      (await mcp({ authorization: `DPoP ${token}`, dpop: await key.proof("POST", url(), { token }) }, `${url()}?x=1`))
        .status,
    ).toBe(200);
  });

  it("is refused, with RFC 9449's error, for every proof that does not hold", async () => {
    const other = await dpopKey();
    const now = Math.floor(Date.now() / 1000);
    const replayed = await key.proof("POST", url(), { token });
    expect((await mcp({ authorization: `DPoP ${token}`, dpop: replayed })).status).toBe(200);
    const cases: [string, Record<string, string>][] = [
      ["no proof", { authorization: `DPoP ${token}` }],
      ["another key", { authorization: `DPoP ${token}`, dpop: await other.proof("POST", url(), { token }) }],
      [
        "another URL",
        { authorization: `DPoP ${token}`, dpop: await key.proof("POST", `${baseUrl()}/elsewhere`, { token }) },
      ],
      ["another method", { authorization: `DPoP ${token}`, dpop: await key.proof("GET", url(), { token }) }],
      ["another token", { authorization: `DPoP ${token}`, dpop: await key.proof("POST", url(), { token: "x" }) }],
      ["no ath", { authorization: `DPoP ${token}`, dpop: await key.proof("POST", url()) }],
      [
        "an old iat",
        { authorization: `DPoP ${token}`, dpop: await key.proof("POST", url(), { token, iat: now - 3600 }) },
      ],
      [
        "a later iat",
        { authorization: `DPoP ${token}`, dpop: await key.proof("POST", url(), { token, iat: now + 3600 }) },
      ],
      ["another typ", { authorization: `DPoP ${token}`, dpop: await key.proof("POST", url(), { token, typ: "JWT" }) }],
      ["a symmetric alg", { authorization: `DPoP ${token}`, dpop: await symmetricProof("POST", url(), token) }],
      ["a replayed jti", { authorization: `DPoP ${token}`, dpop: replayed }],
      ["two proofs", { authorization: `DPoP ${token}`, dpop: `${replayed}, ${replayed}` }],
    ];
    for (const [what, headers] of cases) {
      const answer = await mcp(headers);
      expect([what, answer.status]).toEqual([what, 401]);
      expect([what, answer.challenge]).toEqual([
        what,
        expect.stringMatching(/^DPoP algs="[^"]+", error="invalid_dpop_proof"/),
      ]);
    }
    // A bearer token presented with the DPoP scheme is not one either.
    const bearer = (await (await import("../helpers/tokens")).createApiToken(user)).token;
    expect(
      (await mcp({ authorization: `DPoP ${bearer}`, dpop: await key.proof("POST", url(), { token: bearer }) })).status,
    ).toBe(401);
    expect((await mcp({ authorization: `Bearer ${bearer}` })).status).toBe(200);
  });

  it("keeps its refresh token to its key", async () => {
    const params = { grant_type: "refresh_token", client_id: clientId, refresh_token: refreshToken };
    const withoutProof = await tokenRequest(params, null);
    expect(withoutProof).toMatchObject({ status: 400, body: { error: "invalid_dpop_proof" } });
    const otherKey = await tokenRequest(params, await dpopKey());
    expect(otherKey).toMatchObject({ status: 400, body: { error: "invalid_dpop_proof" } });
    const refreshed = await tokenRequest(params, key);
    expect(refreshed).toMatchObject({ status: 200, body: { token_type: "DPoP" } });
    const next = refreshed.body.access_token;
    expect(
      (await mcp({ authorization: `DPoP ${next}`, dpop: await key.proof("POST", url(), { token: next }) })).status,
    ).toBe(200);
  });

  it("works over the legacy HTTP+SSE transport, each request with its own proof", async () => {
    // The 1.x SDK client over GET /mcp/sse and POST /mcp/messages, a fresh proof on every request.
    const proved = async (input: string | URL | Request, init?: RequestInit) => {
      const target = new URL(input instanceof Request ? input.url : input);
      const method = init?.method ?? "GET";
      const headers = new Headers(init?.headers);
      headers.set("authorization", `DPoP ${token}`);
      headers.set("dpop", await key.proof(method, `${target.origin}${target.pathname}`, { token }));
      return fetch(input, { ...init, headers });
    };
    const transport = new SSEClientTransport(new URL(`${baseUrl()}/mcp/sse`), {
      eventSourceInit: { fetch: proved },
      fetch: proved,
    });
    const client = new LegacyClient({ name: "legacy-dpop", version: "1" });
    await client.connect(transport);
    expect((await client.callTool({ name: "whoami", arguments: {} })).isError).toBeFalsy();
    await client.close();
    // The same token as Bearer opens no stream.
    const refused = await fetch(`${baseUrl()}/mcp/sse`, { headers: { authorization: `Bearer ${token}` } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toMatch(/^DPoP /);
  });

  it("is checked by the validate endpoint the same way", async () => {
    const validate = `${baseUrl()}/api/v2/tokens/validate`;
    const post = async (headers: Record<string, string>) => (await fetch(validate, { method: "POST", headers })).status;
    expect(await post({ authorization: `Bearer ${token}` })).toBe(401);
    expect(await post({ authorization: `DPoP ${token}`, dpop: await key.proof("POST", validate, { token }) })).toBe(
      200,
    );
  });
});

describe("client credentials with DPoP", () => {
  it("binds a service account's access token to the client's key", async () => {
    const { apiAs } = await import("../helpers/api");
    const { createServiceAccount, createServiceClient } = await import("../../lib/api/operations");
    const account = await apiAs(user)(createServiceAccount, { body: { name: "dpop-ci" } });
    if (!account.ok) throw new Error(account.message);
    const client = await apiAs(user)(createServiceClient, {
      params: { id: account.data.id },
      body: { name: "nightly", authMethod: "client_secret_basic", scopes: ["execute:mcp"] },
    });
    if (!client.ok) throw new Error(client.message);
    const key = await dpopKey();
    const basic = Buffer.from(`${client.data.clientId}:${client.data.clientSecret}`).toString("base64");
    const issued = await tokenRequest({ grant_type: "client_credentials" }, key, { authorization: `Basic ${basic}` });
    expect(issued).toMatchObject({ status: 200, body: { token_type: "DPoP" } });
    const token = issued.body.access_token;
    // Introspection says what the token is bound to (RFC 9449 section 6.2).
    const introspected = await fetch(`${baseUrl()}/oauth/introspect`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${basic}` },
      body: new URLSearchParams({ token }),
    });
    expect(await introspected.json()).toMatchObject({
      active: true,
      token_type: "DPoP",
      cnf: { jkt: await calculateJwkThumbprint(key.jwk) },
    });
    expect((await mcp({ authorization: `Bearer ${token}` })).status).toBe(401);
    expect(
      (await mcp({ authorization: `DPoP ${token}`, dpop: await key.proof("POST", `${baseUrl()}/mcp`, { token }) }))
        .status,
    ).toBe(200);
  });
});

describe("an organization that requires DPoP", () => {
  it("stops its apps' and clients' bearer tokens, and issues only bound ones", async () => {
    const { apiAs } = await import("../helpers/api");
    const { createServiceAccount, createServiceClient, getPolicy, setPolicy } =
      await import("../../lib/api/operations");
    const owner = await createUser();
    const ownerCookie = (await signIn(owner)).cookie;
    const call = apiAs(owner);
    const account = await call(createServiceAccount, { body: { name: "bound-ci" } });
    if (!account.ok) throw new Error(account.message);
    const client = await call(createServiceClient, {
      params: { id: account.data.id },
      body: { name: "nightly", authMethod: "client_secret_basic", scopes: ["execute:mcp"] },
    });
    if (!client.ok) throw new Error(client.message);
    const basic = {
      authorization: `Basic ${Buffer.from(`${client.data.clientId}:${client.data.clientSecret}`).toString("base64")}`,
    };
    const clientBearer = (await tokenRequest({ grant_type: "client_credentials" }, null, basic)).body.access_token;
    const appId = (await register()).body.client_id;
    const first = await obtainCode(ownerCookie, appId, { scopes: ["execute:mcp"] });
    const appBearer = (
      await tokenRequest(
        {
          grant_type: "authorization_code",
          client_id: appId,
          code: first.code,
          code_verifier: first.verifier,
          redirect_uri: REDIRECT_URI,
        },
        null,
      )
    ).body.access_token;
    const personal = (await (await import("../helpers/tokens")).createApiToken(owner)).token;
    const exchange = { grant_type: TOKEN_EXCHANGE, subject_token: personal, subject_token_type: ACCESS_TOKEN_TYPE };
    const delegated = (await tokenRequest(exchange, null)).body.access_token;
    for (const token of [clientBearer, appBearer, personal, delegated])
      expect((await mcp({ authorization: `Bearer ${token}` })).status).toBe(200);

    const current = await call(getPolicy);
    if (!current.ok) throw new Error(current.message);
    const saved = await call(setPolicy, { body: { ...current.data, requireDpop: true } });
    expect(saved.ok && saved.data.policy.requireDpop).toBe(true);
    // The apps' and clients' bearer tokens stop now; a person's own token is not an app's.
    expect((await mcp({ authorization: `Bearer ${clientBearer}` })).status).toBe(401);
    expect((await mcp({ authorization: `Bearer ${appBearer}` })).status).toBe(401);
    expect((await mcp({ authorization: `Bearer ${personal}` })).status).toBe(200);
    // What was handed on came from the token endpoint too: it stops, and handing on wants a proof.
    expect((await mcp({ authorization: `Bearer ${delegated}` })).status).toBe(401);
    expect(await tokenRequest(exchange, null)).toMatchObject({ status: 400, body: { error: "invalid_dpop_proof" } });
    const holder = await dpopKey();
    const bound = await tokenRequest(exchange, holder);
    expect(bound).toMatchObject({ status: 200, body: { token_type: "DPoP" } });
    // A bound token is handed on only with its own key's proof.
    const onward = { ...exchange, subject_token: bound.body.access_token };
    expect(await tokenRequest(onward, await dpopKey())).toMatchObject({
      status: 400,
      body: { error: "invalid_dpop_proof" },
    });
    expect(await tokenRequest(onward, holder)).toMatchObject({ status: 200, body: { token_type: "DPoP" } });

    // Every grant asks for a proof, before anything is used up, and binds what it issues.
    expect(await tokenRequest({ grant_type: "client_credentials" }, null, basic)).toMatchObject({
      status: 400,
      body: { error: "invalid_dpop_proof" },
    });
    const key = await dpopKey();
    expect(await tokenRequest({ grant_type: "client_credentials" }, key, basic)).toMatchObject({
      status: 200,
      body: { token_type: "DPoP" },
    });
    const second = await obtainCode(ownerCookie, appId, { scopes: ["execute:mcp"] });
    const code = {
      grant_type: "authorization_code",
      client_id: appId,
      code: second.code,
      code_verifier: second.verifier,
      redirect_uri: REDIRECT_URI,
    };
    expect(await tokenRequest(code, null)).toMatchObject({ status: 400, body: { error: "invalid_dpop_proof" } });
    expect(await tokenRequest(code, key)).toMatchObject({ status: 200, body: { token_type: "DPoP" } });
  }, 60_000);
});
