import {
  Client,
  CrossAppAccessProvider,
  discoverAndRequestJwtAuthGrant,
  StreamableHTTPClientTransport,
} from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, baseUrl, createUser, type TestUser } from "../helpers/api";
import { addMember, testDb } from "../helpers/db";
import { proveDomain } from "../helpers/sso";
import { startIdentityProvider, type IdentityProvider } from "../helpers/identity-provider";

// Issue 25, item 3: enterprise-managed authorization. The organization's identity provider (the
// one it signs in through) issues an ID-JAG for a member to an MCP client the owner registered;
// the client trades it at Keyway's token endpoint for an access token, with no consent page. The
// 2.x SDK client's CrossAppAccessProvider in its default flow, then each refusal with the RFC's error.

const run = Math.random().toString(36).slice(2, 8);
const domain = `xaa-${run}.test`;
let owner: TestUser;
let erin: TestUser;
let idp: IdentityProvider;
let client: { clientId: string; clientSecret: string };

const basic = (id: string, secret: string) => ({
  authorization: `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}`,
});

function token(params: Record<string, string>, credentials = client) {
  return fetch(`${baseUrl()}/oauth/token`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...basic(credentials.clientId, credentials.clientSecret),
    },
    body: new URLSearchParams(params),
  }).then(async (response) => ({
    status: response.status,
    challenge: response.headers.get("www-authenticate"),
    body: (await response.json()) as any,
  }));
}

const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const sound = () => ({
  sub: "erin",
  email: `erin@${domain}`,
  aud: baseUrl(),
  resource: `${baseUrl()}/mcp`,
  scope: "execute:mcp read:tasks",
});
const present = async (claims: Record<string, unknown> = {}, options?: Parameters<IdentityProvider["mintIdJag"]>[1]) =>
  token({ grant_type: JWT_BEARER, assertion: await idp.mintIdJag({ ...sound(), ...claims }, options) });

beforeAll(async () => {
  owner = await createUser({ organization: "Enterprise Co" });
  idp = await startIdentityProvider(`${baseUrl()}/sso/callback`, {
    erin: { email: `erin@${domain}`, name: "Erin" },
    stranger: { email: `stranger@${domain}` },
  });
  const sso = await api("/api/v2/organization/sso", {
    method: "PUT",
    token: owner.accessToken,
    body: {
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      domains: [domain],
      newPeople: "member",
      required: false,
    },
  });
  expect(sso.status).toBe(200);
  await proveDomain(owner.accessToken, domain);
  erin = await createUser();
  await testDb().user.update({ where: { id: erin.userId }, data: { email: `erin@${domain}` } });
  await addMember(erin.userId, owner.orgId, "member");

  const created = await api("/api/v2/organization/enterprise-clients", {
    method: "POST",
    token: owner.accessToken,
    body: { name: "Acme Assistant" },
  });
  expect(created.status).toBe(201);
  client = { clientId: created.body.clientId, clientSecret: created.body.clientSecret };
  idp.keywayClientId = client.clientId;
});

afterAll(() => idp.close());

describe("enterprise-managed authorization (ID-JAG)", () => {
  it("is advertised in the authorization server metadata", async () => {
    const metadata = await (await fetch(`${baseUrl()}/.well-known/oauth-authorization-server`)).json();
    expect(metadata.grant_types_supported).toContain(JWT_BEARER);
    expect(metadata.authorization_grant_profiles_supported).toEqual(["urn:ietf:params:oauth:grant-profile:id-jag"]);
  });

  it("connects the SDK's CrossAppAccessProvider and calls a tool as the member, with no consent page", async () => {
    const idToken = await idp.idTokenFor("erin");
    const exchanges: string[] = [];
    const authProvider = new CrossAppAccessProvider({
      assertion: async (context) => {
        exchanges.push(context.resourceUrl);
        const grant = await discoverAndRequestJwtAuthGrant({
          idpUrl: idp.issuer,
          audience: context.authorizationServerUrl,
          resource: context.resourceUrl,
          idToken,
          clientId: idp.mcpClient.id,
          clientSecret: idp.mcpClient.secret,
          scope: context.scope,
          fetchFn: context.fetchFn,
        });
        return grant.jwtAuthGrant;
      },
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      expectedIssuer: baseUrl(),
    });
    const mcp = new Client({ name: "acme-assistant", version: "1.0.0" });
    await mcp.connect(new StreamableHTTPClientTransport(new URL(`${baseUrl()}/mcp`), { authProvider }));
    const whoami = await mcp.callTool({ name: "whoami", arguments: {} });
    expect(whoami.structuredContent).toMatchObject({ user: { id: erin.userId }, organization: { id: owner.orgId } });
    expect(exchanges).toEqual([`${baseUrl()}/mcp`]);
    await mcp.close();

    // A connected app, marked as granted by the identity provider, revocable like any other.
    const apps = await api("/api/v2/connected-apps", { token: erin.accessToken });
    const app = apps.body.apps.find((a: any) => a.client.id === client.clientId);
    expect(app).toMatchObject({ grantedBy: "identity_provider", status: "active", client: { kind: "enterprise" } });
    const revoked = await api(`/api/v2/connected-apps/${app.id}`, { method: "DELETE", token: erin.accessToken });
    expect(revoked.status).toBe(200);
    const held = authProvider.tokens()!.access_token;
    const after = await fetch(`${baseUrl()}/mcp`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${held}`,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }),
    });
    expect(after.status).toBe(401);
  });

  it("issues the intersection of the ID-JAG's scopes, those asked and the member's policy", async () => {
    const both = await present({ scope: "execute:mcp write:tasks" });
    expect(both.status).toBe(200);
    expect(both.body.scope).toBe("execute:mcp write:tasks");
    expect(both.body.refresh_token).toBeUndefined();
    // Asking for less than the grant holds, and for something it does not hold.
    const asked = await token({
      grant_type: JWT_BEARER,
      assertion: await idp.mintIdJag({ ...sound(), scope: "execute:mcp write:tasks" }),
      scope: "execute:mcp read:tasks write:agents",
    });
    expect(asked.body.scope).toBe("execute:mcp read:tasks");

    // The policy narrows members to read scopes: the write scope is not issued.
    const policy = {
      maxExpiryDays: null,
      maxRateLimitPerHour: null,
      memberScopes: ["execute:mcp", "read:tasks"],
      approvalForWrite: false,
      requireAllowedAddresses: false,
      appAccessTokenMinutes: null,
      appRefreshIdleDays: null,
      connectedApps: "any",
    };
    expect(
      (await api("/api/v2/organization/policy", { method: "PUT", token: owner.accessToken, body: policy })).status,
    ).toBe(200);
    const narrowed = await present({ scope: "execute:mcp write:tasks read:tasks" });
    expect(narrowed.body.scope).toBe("execute:mcp read:tasks");
    const beyond = await present({ scope: "write:agents" });
    expect(beyond.status).toBe(400);
    expect(beyond.body.error).toBe("invalid_scope");
    const open = { ...policy, memberScopes: null };
    expect(
      (await api("/api/v2/organization/policy", { method: "PUT", token: owner.accessToken, body: open })).status,
    ).toBe(200);
  });

  it("refuses a wrong audience, an unknown issuer, a replayed jti, another client's grant, a wrong resource, type or key", async () => {
    const refusals = {
      audience: await present({ aud: "https://elsewhere.example" }),
      resource: await present({ resource: "https://elsewhere.example/mcp" }),
      client: await present({ client_id: "kwe_someone_else" }),
      type: await present({}, { typ: "JWT" }),
      key: await present({}, { foreignKey: true }),
      expired: await present({ exp: Math.floor(Date.now() / 1000) - 120 }),
      subject: await present({ sub: "stranger", email: `stranger@${domain}` }),
    };
    for (const [what, refused] of Object.entries(refusals)) {
      expect({ what, status: refused.status, error: refused.body.error }).toEqual({
        what,
        status: 400,
        error: "invalid_grant",
      });
    }

    const replayed = await idp.mintIdJag({ ...sound(), jti: `once-${run}` });
    expect((await token({ grant_type: JWT_BEARER, assertion: replayed })).status).toBe(200);
    const again = await token({ grant_type: JWT_BEARER, assertion: replayed });
    expect(again.status).toBe(400);
    expect(again.body.error_description).toContain("already used");

    // Another organization's provider, or an issuer no organization set up: not trusted here.
    const other = await startIdentityProvider(`${baseUrl()}/sso/callback`, {});
    other.keywayClientId = client.clientId;
    const foreign = await token({ grant_type: JWT_BEARER, assertion: await other.mintIdJag(sound()) });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error_description).toContain("issuer");
    await other.close();

    // Client authentication: a wrong secret is 401 with a Basic challenge.
    const wrong = await token(
      { grant_type: JWT_BEARER, assertion: await idp.mintIdJag(sound()) },
      {
        ...client,
        clientSecret: "wrong",
      },
    );
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe("invalid_client");
    expect(wrong.challenge).toMatch(/^Basic/);
  });

  it("never maps a subject to an account outside the organization, or by an address of a domain it has not proven", async () => {
    // Someone with an account (and an organization) of their own, at the organization's domain.
    const outsider = await createUser();
    await testDb().user.update({ where: { id: outsider.userId }, data: { email: `outsider-${run}@${domain}` } });
    const outside = await present({ sub: "outsider-subject", email: `outsider-${run}@${domain}` });
    expect(outside.status).toBe(400);
    expect(outside.body.error).toBe("invalid_grant");
    expect(await testDb().ssoIdentity.count({ where: { userId: outsider.userId } })).toBe(0);

    // A member whose address is at a domain the organization claimed but has not proven.
    const unproven = `unproven-${run}.test`;
    const settings = { issuer: idp.issuer, clientId: idp.clientId, newPeople: "member", required: false };
    const claimed = await api("/api/v2/organization/sso", {
      method: "PUT",
      token: owner.accessToken,
      body: { ...settings, domains: [domain, unproven] },
    });
    expect(claimed.status).toBe(200);
    const member = await createUser();
    await testDb().user.update({ where: { id: member.userId }, data: { email: `member-${run}@${unproven}` } });
    await testDb().membership.create({ data: { userId: member.userId, orgId: owner.orgId, role: "member" } });
    const refused = await present({ sub: "member-subject", email: `member-${run}@${unproven}` });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe("invalid_grant");
    expect(await testDb().ssoIdentity.count({ where: { userId: member.userId } })).toBe(0);
    // The same member at a proven domain is mapped (and linked): the refusal was the domain's.
    await testDb().user.update({ where: { id: member.userId }, data: { email: `member-${run}@${domain}` } });
    expect((await present({ sub: "member-subject", email: `member-${run}@${domain}` })).status).toBe(200);
    expect(await testDb().ssoIdentity.count({ where: { userId: member.userId } })).toBe(1);
    await api("/api/v2/organization/sso", {
      method: "PUT",
      token: owner.accessToken,
      body: { ...settings, domains: [domain] },
    });
  });

  it("stops working when the owner deletes the enterprise client", async () => {
    const issued = await present();
    expect(issued.status).toBe(200);
    const deleted = await api(`/api/v2/organization/enterprise-clients/${client.clientId}`, {
      method: "DELETE",
      token: owner.accessToken,
    });
    expect(deleted.status).toBe(200);
    const ping = await fetch(`${baseUrl()}/mcp`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${issued.body.access_token}`,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }),
    });
    expect(ping.status).toBe(401);
    expect((await present()).status).toBe(401);
  });
});
