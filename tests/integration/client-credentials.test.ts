import { randomUUID } from "node:crypto";
import {
  Client,
  ClientCredentialsProvider,
  PrivateKeyJwtProvider,
  StreamableHTTPClientTransport,
} from "@modelcontextprotocol/client";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { api, baseUrl, createUser, type TestUser } from "../helpers/api";
import { addMember } from "../helpers/db";
import { initializeMessage, rawMcp } from "../helpers/mcp";
import { localServer } from "../helpers/oauth";

// Issue 24, item 2: OAuth client credentials for service accounts (RFC 6749 section 4.4, the MCP
// extension io.modelcontextprotocol/oauth-client-credentials), by client_secret_basic and by
// private_key_jwt (RFC 7523), with no person present; through the 2.x SDK's own providers in
// their default flow, and each refusal with the RFC's error.

let owner: TestUser;
let accountId: string;
let basic: { clientId: string; clientSecret: string };
let keyed: { clientId: string; privateKey: CryptoKey };

const CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

async function registerClient(body: Record<string, unknown>, account = accountId) {
  return api(`/api/v2/service-accounts/${account}/clients`, { method: "POST", token: owner.accessToken, body });
}

function token(params: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${baseUrl()}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(params),
  }).then(async (response) => ({
    status: response.status,
    challenge: response.headers.get("www-authenticate"),
    body: (await response.json()) as any,
  }));
}

const basicAuth = (id: string, secret: string) => ({
  authorization: `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}`,
});

function assertion(overrides: { aud?: string; exp?: number; jti?: string; key?: CryptoKey } = {}) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ jti: overrides.jti ?? randomUUID() })
    .setProtectedHeader({ alg: "ES256" })
    .setIssuer(keyed.clientId)
    .setSubject(keyed.clientId)
    .setAudience(overrides.aud ?? baseUrl())
    .setIssuedAt(now)
    .setExpirationTime(overrides.exp ?? now + 120)
    .sign(overrides.key ?? keyed.privateKey);
}

const withAssertion = (signed: string) => ({
  grant_type: "client_credentials",
  client_assertion_type: CLIENT_ASSERTION_TYPE,
  client_assertion: signed,
});

async function connect(authProvider: ClientCredentialsProvider | PrivateKeyJwtProvider) {
  const client = new Client({ name: "nightly-ci", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${baseUrl()}/mcp`), { authProvider }));
  return client;
}

beforeAll(async () => {
  owner = await createUser({ organization: "Machines Inc" });
  accountId = (
    await api("/api/v2/service-accounts", { method: "POST", token: owner.accessToken, body: { name: "nightly-ci" } })
  ).body.id;
  const created = await registerClient({
    name: "ci-basic",
    authMethod: "client_secret_basic",
    scopes: ["execute:mcp", "read:tasks"],
  });
  expect(created.status).toBe(201);
  expect(created.body.clientSecret).toMatch(/^kwcs_/);
  basic = { clientId: created.body.clientId, clientSecret: created.body.clientSecret };

  const { publicKey, privateKey } = await generateKeyPair("ES256", { extractable: true });
  const registered = await registerClient({
    name: "ci-keys",
    authMethod: "private_key_jwt",
    scopes: ["execute:mcp", "write:tasks"],
    jwks: { keys: [{ ...(await exportJWK(publicKey)), alg: "ES256", use: "sig" }] },
  });
  expect(registered.status).toBe(201);
  expect(registered.body.clientSecret).toBeNull();
  keyed = { clientId: registered.body.clientId, privateKey };
});

describe("client credentials for service accounts", () => {
  it("are advertised in the authorization server metadata", async () => {
    const metadata = await (await fetch(`${baseUrl()}/.well-known/oauth-authorization-server`)).json();
    expect(metadata.grant_types_supported).toContain("client_credentials");
    expect(metadata.token_endpoint_auth_methods_supported).toEqual(["none", "client_secret_basic", "private_key_jwt"]);
    expect(metadata.token_endpoint_auth_signing_alg_values_supported).toContain("ES256");
  });

  it("connect the SDK's ClientCredentialsProvider with no person present, as the service account", async () => {
    const client = await connect(new ClientCredentialsProvider({ ...basic, expectedIssuer: baseUrl() }));
    const tools = (await client.listTools()).tools.map((tool) => tool.name);
    expect(tools).toContain("list_tasks");
    expect(tools).not.toContain("create_task");
    const whoami = await client.callTool({ name: "whoami", arguments: {} });
    expect(whoami.structuredContent).toMatchObject({
      user: null,
      serviceAccount: { id: accountId, name: "nightly-ci" },
      organization: { id: owner.orgId },
      scopes: ["execute:mcp", "read:tasks"],
    });
    await client.close();
  });

  it("connect the SDK's PrivateKeyJwtProvider, signing with the client's key", async () => {
    const client = await connect(
      new PrivateKeyJwtProvider({
        clientId: keyed.clientId,
        privateKey: (await exportJWK(keyed.privateKey)) as Record<string, unknown>,
        algorithm: "ES256",
        expectedIssuer: baseUrl(),
      }),
    );
    const created = await client.callTool({ name: "create_task", arguments: { title: "from the key-based client" } });
    expect((created.structuredContent as any).task.title).toBe("from the key-based client");
    await client.close();
  });

  it("take the keys from the client's JWK Set URL, fetched under the outbound policy", async () => {
    const { publicKey, privateKey } = await generateKeyPair("ES256");
    const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), alg: "ES256" }] });
    const keys = await localServer((_req, res) => res.setHeader("content-type", "application/json").end(jwks));
    try {
      const registered = await registerClient({
        name: "ci-url",
        authMethod: "private_key_jwt",
        scopes: ["execute:mcp"],
        jwksUri: `${keys.url}/jwks.json`,
      });
      expect(registered.status).toBe(201);
      const signed = await new SignJWT({ jti: randomUUID() })
        .setProtectedHeader({ alg: "ES256" })
        .setIssuer(registered.body.clientId)
        .setSubject(registered.body.clientId)
        .setAudience(`${baseUrl()}/oauth/token`)
        .setExpirationTime("2m")
        .sign(privateKey);
      const issued = await token(withAssertion(signed));
      expect(issued.status).toBe(200);
      expect(issued.body).toMatchObject({ token_type: "Bearer", scope: "execute:mcp" });
      expect(issued.body.refresh_token).toBeUndefined();
      expect((await rawMcp(initializeMessage, { token: issued.body.access_token })).status).toBe(200);
    } finally {
      await keys.close();
    }
  });

  it("never grant more than the client's scopes", async () => {
    const narrowed = await token(
      { grant_type: "client_credentials", scope: "read:tasks write:tasks" },
      basicAuth(basic.clientId, basic.clientSecret),
    );
    expect(narrowed.status).toBe(200);
    expect(narrowed.body.scope).toBe("read:tasks");
    const widened = await token(
      { grant_type: "client_credentials", scope: "write:agents" },
      basicAuth(basic.clientId, basic.clientSecret),
    );
    expect(widened.status).toBe(400);
    expect(widened.body.error).toBe("invalid_scope");
  });

  it.each([
    [
      "a wrong secret",
      async () => token({ grant_type: "client_credentials" }, basicAuth(basic.clientId, "kwcs_wrong")),
      401,
      "invalid_client",
    ],
    [
      "an unknown client",
      async () => token({ grant_type: "client_credentials" }, basicAuth("kwc_nobody", "x")),
      401,
      "invalid_client",
    ],
    [
      "a secret in the body",
      async () =>
        token({ grant_type: "client_credentials", client_id: basic.clientId, client_secret: basic.clientSecret }),
      401,
      "invalid_client",
    ],
    [
      "the wrong method for the client",
      async () => token({ grant_type: "client_credentials" }, basicAuth(keyed.clientId, "anything")),
      401,
      "invalid_client",
    ],
    [
      "an assertion for another audience",
      async () => token(withAssertion(await assertion({ aud: "https://other.example/token" }))),
      401,
      "invalid_client",
    ],
    [
      "an expired assertion",
      async () => token(withAssertion(await assertion({ exp: Math.floor(Date.now() / 1000) - 120 }))),
      401,
      "invalid_client",
    ],
    [
      "an assertion signed with another key",
      async () => token(withAssertion(await assertion({ key: (await generateKeyPair("ES256")).privateKey }))),
      401,
      "invalid_client",
    ],
    [
      "a resource other than /mcp",
      async () =>
        token(
          { grant_type: "client_credentials", resource: "https://elsewhere.example/mcp" },
          basicAuth(basic.clientId, basic.clientSecret),
        ),
      400,
      "invalid_target",
    ],
  ])("refuse %s", async (_case, send, status, error) => {
    const answer = await send();
    expect(answer.status).toBe(status);
    expect(answer.body.error).toBe(error);
    if (status === 401) expect(answer.challenge).toBe('Basic realm="keyway"');
  });

  it("refuse an assertion's jti the second time", async () => {
    const signed = await assertion();
    expect((await token(withAssertion(signed))).status).toBe(200);
    const again = await token(withAssertion(signed));
    expect(again.status).toBe(401);
    expect(again.body).toMatchObject({
      error: "invalid_client",
      error_description: expect.stringContaining("already used"),
    });
  });

  it("are never open to a public client", async () => {
    // A client known by its document (no registration: the suites share one registration limit
    // per address on PostgreSQL + Redis)...
    const documents = await localServer((req, res) =>
      res.setHeader("content-type", "application/json").end(
        JSON.stringify({
          client_id: `${documents.url}${req.url}`,
          client_name: "Public app",
          redirect_uris: ["http://127.0.0.1:8976/callback"],
          grant_types: ["authorization_code", "client_credentials"],
        }),
      ),
    );
    try {
      const answer = await token({ grant_type: "client_credentials", client_id: `${documents.url}/app.json` });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe("unauthorized_client");
      expect(answer.body.access_token).toBeUndefined();
    } finally {
      await documents.close();
    }
  });

  it("stop when the account is disabled, the secret rotated, or the client deleted", async () => {
    const account = (
      await api("/api/v2/service-accounts", { method: "POST", token: owner.accessToken, body: { name: "short-lived" } })
    ).body.id;
    const client = (
      await registerClient({ name: "temp", authMethod: "client_secret_basic", scopes: ["execute:mcp"] }, account)
    ).body;
    const issue = (secret = client.clientSecret) =>
      token({ grant_type: "client_credentials" }, basicAuth(client.clientId, secret));
    const first = await issue();
    expect(first.status).toBe(200);

    await api(`/api/v2/service-accounts/${account}`, {
      method: "PATCH",
      token: owner.accessToken,
      body: { disabled: true },
    });
    expect((await issue()).body.error).toBe("unauthorized_client");
    expect((await rawMcp(initializeMessage, { token: first.body.access_token })).status).toBe(401);
    await api(`/api/v2/service-accounts/${account}`, {
      method: "PATCH",
      token: owner.accessToken,
      body: { disabled: false },
    });

    const rotated = await api(`/api/v2/service-accounts/${account}/clients/${client.clientId}/secret`, {
      method: "POST",
      token: owner.accessToken,
    });
    expect(rotated.status).toBe(201);
    expect((await issue()).status).toBe(401);
    const second = await issue(rotated.body.clientSecret);
    expect(second.status).toBe(200);

    const deleted = await api(`/api/v2/service-accounts/${account}/clients/${client.clientId}`, {
      method: "DELETE",
      token: owner.accessToken,
    });
    expect(deleted.status).toBe(200);
    const after = await rawMcp(initializeMessage, { token: second.body.access_token });
    expect([after.status, after.json.error.message]).toEqual([401, "Token not found in database"]);
    expect((await issue(rotated.body.clientSecret)).status).toBe(401);
  });

  it("are registered only by owners and admins, with public keys only, and a member's scopes", async () => {
    const member = await createUser();
    await addMember(member.userId, owner.orgId, "member");
    expect(
      (
        await api(`/api/v2/service-accounts/${accountId}/clients`, {
          method: "POST",
          token: member.accessToken,
          body: { name: "x", authMethod: "client_secret_basic", scopes: ["execute:mcp"] },
        })
      ).status,
    ).toBe(403);
    const { privateKey } = await generateKeyPair("ES256", { extractable: true });
    const leaked = await registerClient({
      name: "oops",
      authMethod: "private_key_jwt",
      scopes: ["execute:mcp"],
      jwks: { keys: [await exportJWK(privateKey)] },
    });
    expect(leaked.status).toBe(400);
    expect(leaked.body.error.fields.jwks).toEqual(["holds private key material; give the public keys only"]);
    const both = await registerClient({
      name: "x",
      authMethod: "client_secret_basic",
      scopes: ["execute:mcp"],
      jwksUri: "https://keys.example/jwks",
    });
    expect(both.status).toBe(400);
  });
});
