import { beforeAll, describe, expect, it } from "vitest";
import { api, baseUrl, createUser, type TestUser } from "../helpers/api";
import { testDb } from "../helpers/db";
import { createApiToken } from "../helpers/tokens";

// Issue 24, item 5: token introspection (RFC 7662) for resource servers other than /mcp. A
// service account's client asks about a token; it learns about its own organization's active
// tokens only, and everyone else learns `active: false` and nothing more.

let owner: TestUser;
let credentials: string;

async function introspect(token: string, authorization: string | undefined = credentials) {
  const response = await fetch(`${baseUrl()}/oauth/introspect`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(authorization && { authorization }),
    },
    body: new URLSearchParams({ token, token_type_hint: "access_token" }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function clientOf(user: TestUser) {
  const account = (
    await api("/api/v2/service-accounts", { method: "POST", token: user.accessToken, body: { name: "gateway" } })
  ).body.id;
  const client = (
    await api(`/api/v2/service-accounts/${account}/clients`, {
      method: "POST",
      token: user.accessToken,
      body: { name: "resource server", authMethod: "client_secret_basic", scopes: ["execute:mcp"] },
    })
  ).body;
  return `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString("base64")}`;
}

beforeAll(async () => {
  owner = await createUser();
  credentials = await clientOf(owner);
});

describe("token introspection", () => {
  it("describes an active token of the client's organization", async () => {
    const token = await createApiToken(owner, { scopes: ["execute:mcp", "write:tasks"] });
    const answer = await introspect(token.token);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      active: true,
      scope: "execute:mcp write:tasks",
      token_type: "Bearer",
      sub: owner.userId,
      org: owner.orgId,
      exp: Math.floor(Date.parse(token.expiresAt as string) / 1000),
      iat: expect.any(Number),
      aud: `${baseUrl()}/mcp`,
      iss: baseUrl(),
      jti: token.id,
    });
    // Asking does not use the token: no request is counted against it.
    const usage = await api(`/api/v2/tokens/${token.id}/usage`, { token: owner.accessToken });
    expect(usage.body.totals.requests).toBe(0);
  });

  it("answers active: false, and nothing else, for a revoked, an expired or a foreign token, or an unknown caller", async () => {
    const revoked = await createApiToken(owner);
    await api(`/api/v2/tokens/${revoked.id}`, { method: "DELETE", token: owner.accessToken });
    const expired = await createApiToken(owner);
    await testDb().apiToken.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const stranger = await createUser();
    const foreign = await createApiToken(stranger);
    const live = await createApiToken(owner);

    for (const [what, answer] of [
      ["revoked", await introspect(revoked.token)],
      ["expired", await introspect(expired.token)],
      ["another organization's", await introspect(foreign.token)],
      ["not a token", await introspect("not-a-token")],
      ["no client authentication", await introspect(live.token, "")],
      ["a wrong client secret", await introspect(live.token, `Basic ${Buffer.from("kwc_x:nope").toString("base64")}`)],
    ] as const) {
      expect(answer, what).toEqual({ status: 200, body: { active: false } });
    }
    // The stranger's own client sees the stranger's token, and not ours.
    const theirs = await clientOf(stranger);
    expect((await introspect(foreign.token, theirs)).body.active).toBe(true);
    expect((await introspect(live.token, theirs)).body).toEqual({ active: false });
  });

  it("is advertised in the metadata", async () => {
    const metadata = await (await fetch(`${baseUrl()}/.well-known/oauth-authorization-server`)).json();
    expect(metadata.introspection_endpoint).toBe(`${baseUrl()}/oauth/introspect`);
    expect(metadata.introspection_endpoint_auth_methods_supported).toEqual(["client_secret_basic", "private_key_jwt"]);
  });
});
