import { Client, StreamableHTTPClientTransport, type AuthProvider } from "@modelcontextprotocol/client";
import { decodeJwt, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, baseUrl, createUser, type TestUser } from "../helpers/api";
import { addMember, testDb } from "../helpers/db";
import { rawMcp, toolCall } from "../helpers/mcp";
import { createApiToken, waitForUsage } from "../helpers/tokens";
import { until } from "../helpers/wait";
import {
  githubActionsClaims,
  kubernetesClaims,
  startWorkloadIssuer,
  type WorkloadIssuer,
} from "../helpers/workload-issuer";

// Issue 37: automation with no stored secret. A GitHub Actions job and a Kubernetes pod trade the
// JWT their platform issued them for a short-lived token of a service account whose trust policy
// accepts it (RFC 7523 JWT bearer, RFC 8693 token exchange); and a token's holder hands on a
// narrower one by token exchange, never a wider one.

const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const JWT_TYPE = "urn:ietf:params:oauth:token-type:jwt";
const ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

let owner: TestUser;
let github: WorkloadIssuer;
let cluster: WorkloadIssuer;
let accountId: string;
let deployPolicy: any;

function tokenEndpoint(params: Record<string, string>) {
  return fetch(`${baseUrl()}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(params),
  }).then(async (response) => ({ status: response.status, body: (await response.json()) as any }));
}

const mintGithub = (claims: Record<string, unknown> = {}, options?: Parameters<WorkloadIssuer["mint"]>[1]) =>
  github.mint({ aud: baseUrl(), ...claims }, options);
const exchange = async (assertion: string, extra: Record<string, string> = {}) =>
  tokenEndpoint({ grant_type: JWT_BEARER, assertion, ...extra });

const trustPolicies = (account = accountId) => `/api/v2/service-accounts/${account}/trust-policies`;
const createPolicy = (body: Record<string, unknown>, as = owner, account = accountId) =>
  api(trustPolicies(account), { method: "POST", token: as.accessToken, body });

const GITHUB_POLICY = () => ({
  name: "deploy workflow",
  issuer: github.issuer,
  conditions: { repository: "acme/app", ref: "refs/heads/main", environment: "production" },
  scopes: ["execute:mcp", "read:tasks"],
  maxLifetimeMinutes: 15,
});

async function refusals(reason: string) {
  const audit = await api(`/api/v2/audit?action=service_account.workload_refused`, { token: owner.accessToken });
  return audit.body.events.filter((event: any) => String(event.metadata.reason).includes(reason));
}

beforeAll(async () => {
  owner = await createUser({ organization: "Workloads Inc" });
  github = await startWorkloadIssuer(githubActionsClaims("acme/app"));
  cluster = await startWorkloadIssuer(kubernetesClaims("ci", "runner"), { alg: "ES256" });
  accountId = (
    await api("/api/v2/service-accounts", { method: "POST", token: owner.accessToken, body: { name: "deployer" } })
  ).body.id;
  const created = await createPolicy(GITHUB_POLICY());
  expect(created.status).toBe(201);
  deployPolicy = created.body;
});

afterAll(async () => {
  await github.close();
  await cluster.close();
});

describe("trust policies", () => {
  it("are kept by owners and admins in the API, with the audience defaulting to this server", async () => {
    expect(deployPolicy).toMatchObject({
      id: expect.stringMatching(/^kwt_/),
      issuer: github.issuer,
      jwksUri: null,
      audience: baseUrl(),
      conditions: { repository: "acme/app", ref: "refs/heads/main", environment: "production" },
      scopes: ["execute:mcp", "read:tasks"],
      maxLifetimeMinutes: 15,
      lastUsedAt: null,
    });
    const listed = await api(trustPolicies(), { token: owner.accessToken });
    expect(listed.body.policies.map((policy: any) => policy.id)).toContain(deployPolicy.id);

    const member = await createUser();
    await addMember(member.userId, owner.orgId, "member");
    const byMember = await createPolicy(GITHUB_POLICY(), member);
    expect(byMember.status).toBe(403);
  });

  it("refuse a policy that would trust everyone an issuer signs for, and an issuer whose keys cannot be read", async () => {
    const none = await createPolicy({ ...GITHUB_POLICY(), conditions: {} });
    expect(none.status).toBe(400);
    const wildcard = await createPolicy({ ...GITHUB_POLICY(), conditions: { repository: "*", ref: "**" } });
    expect(wildcard.status).toBe(400);
    expect(JSON.stringify(wildcard.body)).toContain("more than a wildcard");
    const unreachable = await createPolicy({ ...GITHUB_POLICY(), issuer: "http://127.0.0.1:9/nothing" });
    expect(unreachable.status).toBe(409);
    expect(unreachable.body.error.message).toContain("keys could not be read");
    const tooLong = await createPolicy({ ...GITHUB_POLICY(), maxLifetimeMinutes: 100_000 });
    expect(tooLong.status).toBe(400);
    expect((await api(trustPolicies(), { token: owner.accessToken })).body.policies).toHaveLength(1);
  });

  it("are in the OpenAPI document with who may call them", async () => {
    const openapi = (await api("/api/v2/openapi.json")).body;
    const path = openapi.paths["/service-accounts/{id}/trust-policies"];
    expect(Object.keys(path)).toEqual(expect.arrayContaining(["get", "post"]));
    expect(JSON.stringify(path.post)).toContain("admin");
  });
});

describe("a GitHub Actions job", () => {
  it("trades its OIDC token for a short-lived token of the service account, and calls tools with the SDK client", async () => {
    // What a job does: read the metadata, exchange its JWT, hand the token to the 2.x client, and
    // exchange a fresh JWT whenever Keyway says the token is no longer good.
    const metadata = await (await fetch(`${baseUrl()}/.well-known/oauth-authorization-server`)).json();
    expect(metadata.grant_types_supported).toEqual(expect.arrayContaining([JWT_BEARER, TOKEN_EXCHANGE]));
    let current: string | undefined;
    let exchanges = 0;
    const fetchToken = async () => {
      exchanges++;
      const answer = await tokenEndpoint({
        grant_type: JWT_BEARER,
        assertion: await mintGithub(),
        resource: `${baseUrl()}/mcp`,
      });
      expect(answer.status).toBe(200);
      current = answer.body.access_token;
    };
    const authProvider: AuthProvider = {
      token: async () => {
        if (!current) await fetchToken();
        return current;
      },
      onUnauthorized: fetchToken,
    };
    const client = new Client({ name: "deploy-job", version: "1.0.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${baseUrl()}/mcp`), { authProvider }));
    const whoami = (await client.callTool({ name: "whoami", arguments: {} })).structuredContent as any;
    expect(whoami).toMatchObject({
      user: null,
      serviceAccount: { id: accountId, name: "deployer" },
      organization: { id: owner.orgId },
      scopes: ["execute:mcp", "read:tasks"],
      workload: {
        iss: github.issuer,
        sub: "repo:acme/app:environment:production",
        repository: "acme/app",
        workflow: "deploy",
        ref: "refs/heads/main",
      },
    });
    const tools = (await client.listTools()).tools.map((tool) => tool.name);
    expect(tools).toContain("list_tasks");
    expect(tools).not.toContain("create_task");
    expect(exchanges).toBe(1);
    await client.close();

    // The organization's request log names the workload of each call.
    await until(async () => {
      const log = await api(`/api/v2/requests?scope=organization&tool=whoami`, { token: owner.accessToken });
      return log.body.requests.some((entry: any) => entry.workload?.repository === "acme/app");
    });
    const used = (await api(trustPolicies(), { token: owner.accessToken })).body.policies[0];
    expect(used.lastUsedAt).not.toBeNull();
    const issued = await api(`/api/v2/audit?action=oauth.token_issued`, { token: owner.accessToken });
    expect(issued.body.events).toContainEqual(
      expect.objectContaining({
        metadata: expect.objectContaining({
          grant: "workload_identity",
          policyId: deployPolicy.id,
          workload: expect.objectContaining({ repository: "acme/app", workflow: "deploy" }),
        }),
      }),
    );
  });

  it("gets no refresh token and no more than the policy: its scopes, its lifetime", async () => {
    const answer = await exchange(await mintGithub());
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ token_type: "Bearer", scope: "execute:mcp read:tasks" });
    expect(answer.body.refresh_token).toBeUndefined();
    expect(answer.body.expires_in).toBeLessThanOrEqual(15 * 60);
    const claims = decodeJwt(answer.body.access_token);
    expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(15 * 60);
    expect(claims.sub).toBe(accountId);

    const wider = await exchange(await mintGithub(), { scope: "write:tasks write:agents" });
    expect(wider.status).toBe(400);
    expect(wider.body.error).toBe("invalid_scope");
    const narrowed = await exchange(await mintGithub(), { scope: "execute:mcp write:tasks" });
    expect(narrowed.body.scope).toBe("execute:mcp");

    const created = await rawMcp(toolCall("create_task", { title: "no" }), { token: answer.body.access_token });
    expect(created.status).toBe(403);
  });

  it("is refused with invalid_grant for every token that does not match, and the owner reads why", async () => {
    const otherIssuer = await startWorkloadIssuer(githubActionsClaims("acme/app"));
    const cases: [string, string][] = [
      ["wrong issuer", await otherIssuer.mint({ aud: baseUrl() })],
      ["wrong audience", await mintGithub({ aud: "https://elsewhere.invalid" })],
      ["wrong repository", await mintGithub({ repository: "acme/other" })],
      ["wrong branch", await mintGithub({ ref: "refs/heads/feature" })],
      ["wrong environment", await mintGithub({ environment: "staging" })],
      [
        "expired",
        await mintGithub({ iat: Math.floor(Date.now() / 1000) - 900, exp: Math.floor(Date.now() / 1000) - 600 }),
      ],
      ["not yet valid", await mintGithub({ nbf: Math.floor(Date.now() / 1000) + 600 })],
      ["unknown key", await mintGithub({}, { kid: "not-a-published-key" })],
      ["key of another issuer", await mintGithub({}, { key: cluster.privateKey(), alg: "ES256" })],
      [
        "HS256",
        await new SignJWT({ iss: github.issuer, sub: "x", aud: baseUrl(), jti: "h" })
          .setProtectedHeader({ alg: "HS256" })
          .setIssuedAt()
          .setExpirationTime("5m")
          .sign(new TextEncoder().encode("a-shared-secret-anyone-could-guess-32b")),
      ],
      [
        "alg none",
        `${Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url")}.${Buffer.from(
          JSON.stringify({ iss: github.issuer, sub: "x", aud: baseUrl(), exp: 9999999999, iat: 1, jti: "n" }),
        ).toString("base64url")}.`,
      ],
      ["not a JWT", "not-a-jwt"],
    ];
    try {
      for (const [label, assertion] of cases) {
        const answer = await exchange(assertion);
        expect({ label, status: answer.status, error: answer.body.error }).toEqual({
          label,
          status: 400,
          error: "invalid_grant",
        });
        expect(answer.body.access_token).toBeUndefined();
        // The workload learns nothing of the policy: no claim it was tested on is named.
        expect(answer.body.error_description).not.toMatch(/acme|refs\/heads|production/);
      }
    } finally {
      await otherIssuer.close();
    }
    expect(await refusals('claim repository is "acme/other"')).not.toHaveLength(0);
    expect(await refusals('claim ref is "refs/heads/feature"')).not.toHaveLength(0);
    expect(await refusals('claim environment is "staging"')).not.toHaveLength(0);
    expect(await refusals("audience is")).not.toHaveLength(0);
    const [refusal] = await refusals("claim repository");
    expect(refusal.metadata.workload).toMatchObject({ repository: "acme/other", sub: expect.any(String) });
  });

  it("uses each token once (its jti), reads a rotated key, and stops at a disabled account or a deleted policy", async () => {
    const once = await mintGithub();
    expect((await exchange(once)).status).toBe(200);
    const again = await exchange(once);
    expect(again.body).toMatchObject({
      error: "invalid_grant",
      error_description: expect.stringContaining("already used"),
    });

    // A rotated key is read as soon as a token signed with it comes (a second at most after the
    // last read, which a made-up kid may just have caused).
    await github.rotate();
    await until(async () => (await exchange(await mintGithub())).status === 200);

    const disabled = await api(`/api/v2/service-accounts/${accountId}`, {
      method: "PATCH",
      token: owner.accessToken,
      body: { disabled: true },
    });
    expect(disabled.status).toBe(200);
    expect((await exchange(await mintGithub())).body.error).toBe("invalid_grant");
    expect(await refusals("the service account is disabled")).not.toHaveLength(0);
    await api(`/api/v2/service-accounts/${accountId}`, {
      method: "PATCH",
      token: owner.accessToken,
      body: { disabled: false },
    });

    const temporary = await createPolicy({
      ...GITHUB_POLICY(),
      name: "temporary",
      conditions: { repository: "acme/tmp" },
    });
    const issued = await exchange(await mintGithub({ repository: "acme/tmp" }));
    expect(issued.status).toBe(200);
    const removed = await api(`${trustPolicies()}/${temporary.body.id}`, {
      method: "DELETE",
      token: owner.accessToken,
    });
    expect(removed.status).toBe(200);
    expect((await exchange(await mintGithub({ repository: "acme/tmp" }))).body.error).toBe("invalid_grant");
    // What the deleted policy issued goes with it.
    expect((await rawMcp(toolCall("whoami"), { token: issued.body.access_token })).status).toBe(401);
  });

  it("records refusals for the owners without letting strangers flood the audit log", async () => {
    // Anyone can have the issuer sign a token for this server: each policy records at most 30 an hour.
    const quiet = await createPolicy({ ...GITHUB_POLICY(), name: "quiet", conditions: { repository: "acme/quiet" } });
    for (let i = 0; i < 35; i++)
      expect((await exchange(await mintGithub({ repository: "stranger/repo" }))).status).toBe(400);
    const audit = await api(`/api/v2/audit?action=service_account.workload_refused&limit=100`, {
      token: owner.accessToken,
    });
    const recorded = audit.body.events.filter((event: any) => event.metadata.policyId === quiet.body.id);
    expect(recorded).toHaveLength(30);
    await api(`${trustPolicies()}/${quiet.body.id}`, { method: "DELETE", token: owner.accessToken });
  });

  it("is named by client_id where two policies of the organization accept the same token", async () => {
    const broad = await createPolicy({
      ...GITHUB_POLICY(),
      name: "any branch",
      conditions: { repository: "acme/app" },
    });
    expect(broad.status).toBe(201);
    try {
      const ambiguous = await exchange(await mintGithub());
      expect(ambiguous.body).toMatchObject({
        error: "invalid_grant",
        error_description: expect.stringContaining("client_id"),
      });
      const named = await exchange(await mintGithub(), { client_id: deployPolicy.id });
      expect(named.status).toBe(200);
    } finally {
      await api(`${trustPolicies()}/${broad.body.id}`, { method: "DELETE", token: owner.accessToken });
    }
  });

  it("is edited in place: a changed condition applies to the next exchange", async () => {
    const updated = await api(`${trustPolicies()}/${deployPolicy.id}`, {
      method: "PUT",
      token: owner.accessToken,
      body: { ...GITHUB_POLICY(), conditions: { repository: "acme/app", ref: "refs/tags/v*" } },
    });
    expect(updated.status).toBe(200);
    expect((await exchange(await mintGithub())).body.error).toBe("invalid_grant");
    expect((await exchange(await mintGithub({ ref: "refs/tags/v1.2.0" }))).status).toBe(200);
    await api(`${trustPolicies()}/${deployPolicy.id}`, {
      method: "PUT",
      token: owner.accessToken,
      body: GITHUB_POLICY(),
    });
  });
});

describe("a Kubernetes pod", () => {
  it("exchanges its projected service-account token (RFC 8693) under a namespace condition", async () => {
    const policy = await createPolicy({
      name: "ci runners",
      issuer: cluster.issuer,
      jwksUri: cluster.jwksUri,
      audience: "keyway",
      conditions: { "kubernetes.io/namespace": "ci", sub: "system:serviceaccount:ci:*" },
      scopes: ["execute:mcp", "write:tasks"],
    });
    expect(policy.status).toBe(201);
    const exchangeFor = async (claims: Record<string, unknown>) =>
      tokenEndpoint({
        grant_type: TOKEN_EXCHANGE,
        subject_token: await cluster.mint({ aud: ["keyway"], ...claims }),
        subject_token_type: JWT_TYPE,
      });
    const answer = await exchangeFor({});
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ issued_token_type: ACCESS_TOKEN_TYPE, scope: "execute:mcp write:tasks" });
    const created = await rawMcp(toolCall("create_task", { title: "from a pod" }), { token: answer.body.access_token });
    expect(created.status).toBe(200);

    const otherNamespace = await exchangeFor({
      sub: "system:serviceaccount:prod:runner",
      "kubernetes.io": { namespace: "prod", serviceaccount: { name: "runner" } },
    });
    expect(otherNamespace.body.error).toBe("invalid_grant");
    expect(await refusals('claim kubernetes.io/namespace is "prod"')).not.toHaveLength(0);
  });

  it("keeps one organization's trust from reaching another's", async () => {
    const stranger = await createUser({ organization: "Elsewhere" });
    const theirs = (
      await api("/api/v2/service-accounts", { method: "POST", token: stranger.accessToken, body: { name: "theirs" } })
    ).body.id;
    expect((await api(trustPolicies(theirs), { token: owner.accessToken })).status).toBe(404);
    expect(
      (await api(`${trustPolicies()}/${deployPolicy.id}`, { method: "DELETE", token: stranger.accessToken })).status,
    ).toBe(404);
    const rows = await testDb().workloadTrust.count({ where: { orgId: stranger.orgId } });
    expect(rows).toBe(0);

    // A stranger trusting the same workloads, with the issuer's keys read from another URL: the
    // workload that names its own policy still gets its own organization's token, never theirs.
    const copycat = await createPolicy(
      { ...GITHUB_POLICY(), name: "copycat", jwksUri: github.jwksUri, conditions: { repository: "acme/app" } },
      stranger,
      theirs,
    );
    expect(copycat.status).toBe(201);
    const ambiguous = await exchange(await mintGithub());
    expect(ambiguous.body.error).toBe("invalid_grant");
    const named = await exchange(await mintGithub(), { client_id: deployPolicy.id });
    expect(named.status).toBe(200);
    expect(decodeJwt(named.body.access_token)).toMatchObject({ sub: accountId, org: owner.orgId });
    // The stranger's audit log shows nothing of the owner's policies, only its own refusal.
    const theirAudit = await api(`/api/v2/audit?action=service_account.workload_refused`, {
      token: stranger.accessToken,
    });
    // (At least the ambiguous exchange's refusal is there, so the check below cannot pass on an empty log.)
    const theirPolicies = theirAudit.body.events.map((event: any) => event.metadata.policyId);
    expect(theirPolicies.length).toBeGreaterThan(0);
    expect(new Set(theirPolicies)).toEqual(new Set([copycat.body.id]));
  });
});

describe("delegation by token exchange", () => {
  const delegate = (subject: string, extra: Record<string, string> = {}) =>
    tokenEndpoint({
      grant_type: TOKEN_EXCHANGE,
      subject_token: subject,
      subject_token_type: ACCESS_TOKEN_TYPE,
      ...extra,
    });

  it("hands on a narrower token whose act claim names the chain, visible to whoami and the audit log", async () => {
    const person = await createApiToken(owner, {
      name: "agent",
      scopes: ["execute:mcp", "write:tasks", "read:agents"],
    });
    const child = await delegate(person.token, { scope: "execute:mcp read:tasks", expires_in: "600" });
    expect(child.status).toBe(200);
    expect(child.body).toMatchObject({ issued_token_type: ACCESS_TOKEN_TYPE, token_type: "Bearer" });
    expect(child.body.scope).toBe("execute:mcp read:tasks");
    expect(child.body.refresh_token).toBeUndefined();
    expect(child.body.expires_in).toBeLessThanOrEqual(600);
    const claims = decodeJwt(child.body.access_token);
    expect(claims.sub).toBe(owner.userId);
    expect(claims.act).toEqual({ sub: `token:${person.id}` });

    // Honoured: it reads, it cannot write.
    expect((await rawMcp(toolCall("list_tasks"), { token: child.body.access_token })).status).toBe(200);
    const write = await rawMcp(toolCall("create_task", { title: "no" }), { token: child.body.access_token });
    expect(write.status).toBe(403);

    const grandchild = await delegate(child.body.access_token, { scope: "execute:mcp" });
    expect(grandchild.status).toBe(200);
    expect(decodeJwt(grandchild.body.access_token).act).toEqual({
      sub: `token:${claims.jti}`,
      act: { sub: `token:${person.id}` },
    });
    const whoami = await rawMcp(toolCall("whoami"), { token: grandchild.body.access_token });
    expect(whoami.json.result.structuredContent.delegatedFrom).toEqual([
      { id: claims.jti, name: "agent (delegated)", hint: expect.any(String) },
      { id: person.id, name: "agent", hint: person.hint },
    ]);
    const audit = await api(`/api/v2/audit?action=token.delegated`, { token: owner.accessToken });
    expect(audit.body.events).toContainEqual(
      expect.objectContaining({
        targetId: decodeJwt(grandchild.body.access_token).jti,
        metadata: expect.objectContaining({
          from: claims.jti,
          chain: [claims.jti, person.id],
          scopes: ["execute:mcp"],
        }),
      }),
    );
    // Handed-on tokens are not the person's own: the token list shows only the original.
    const listed = await api(`/api/v2/tokens?q=agent`, { token: owner.accessToken });
    expect(listed.body.tokens.map((token: any) => token.id)).toEqual([person.id]);
  });

  it("counts what was handed on in the original's usage and request log, each call naming its token", async () => {
    const person = await createApiToken(owner, { name: "watched", scopes: ["execute:mcp"] });
    const child = (await delegate(person.token)).body.access_token;
    expect((await rawMcp(toolCall("whoami"), { token: person.token })).status).toBe(200);
    expect((await rawMcp(toolCall("health_check"), { token: child })).status).toBe(200);
    const usage = await waitForUsage(owner, person.id, (body) => body.totals?.requests === 2);
    expect(usage.totals.requests).toBe(2);
    const log = await api(`/api/v2/tokens/${person.id}/requests`, { token: owner.accessToken });
    expect(log.body.requests.map((entry: any) => [entry.tool, entry.secret.name, entry.delegatedFrom])).toEqual([
      ["health_check", "watched (delegated)", person.id],
      ["whoami", "watched", null],
    ]);
  });

  it("never hands on mcp:admin, which is its holder's and not a scope", async () => {
    const admin = await createUser();
    await testDb().user.update({ where: { id: admin.userId }, data: { mcpAdmin: true } });
    const own = await createApiToken(admin, { name: "admin's", scopes: ["execute:mcp"] });
    const permissions = async (token: string) =>
      (await rawMcp(toolCall("whoami"), { token })).json.result.structuredContent.permissions;
    expect(await permissions(own.token)).toContain("mcp:admin");
    const handedOn = (await delegate(own.token)).body.access_token;
    expect(await permissions(handedOn)).not.toContain("mcp:admin");
  });

  it("refuses anything wider, another resource, an actor token, and a token that is not Keyway's", async () => {
    const person = await createApiToken(owner, { name: "narrow", scopes: ["execute:mcp", "read:tasks"] });
    const wider = await delegate(person.token, { scope: "execute:mcp write:tasks" });
    expect(wider.body).toMatchObject({
      error: "invalid_scope",
      error_description: expect.stringContaining("write:tasks"),
    });
    const elsewhere = await delegate(person.token, { resource: `${baseUrl()}/mcp/servers/nope` });
    expect(elsewhere.body.error).toBe("invalid_target");
    const actor = await delegate(person.token, { actor_token: person.token, actor_token_type: ACCESS_TOKEN_TYPE });
    expect(actor.body.error).toBe("invalid_request");
    const foreign = await delegate(await mintGithub());
    expect(foreign.body.error).toBe("invalid_grant");
    const tools = await delegate(person.token, { tools: "list_tasks" });
    expect(tools.body.error).toBe("invalid_request");
    // Never past the original: asking for a year gets what the original has left.
    const long = await delegate(person.token, { expires_in: String(365 * 24 * 3600) });
    expect(decodeJwt(long.body.access_token).exp).toBeLessThanOrEqual(decodeJwt(person.token).exp!);
  });

  it("counts what was handed on against the original's rate limit: handing on never multiplies it", async () => {
    const person = await createApiToken(owner, { name: "limited", scopes: ["execute:mcp"], rateLimitPerHour: 3 });
    expect((await rawMcp(toolCall("whoami"), { token: person.token })).status).toBe(200);
    const child = (await delegate(person.token)).body.access_token;
    const grandchild = (await delegate(child)).body.access_token;
    expect((await rawMcp(toolCall("whoami"), { token: child })).status).toBe(200);
    expect((await rawMcp(toolCall("whoami"), { token: grandchild })).status).toBe(200);
    for (const token of [grandchild, child, person.token]) {
      expect((await rawMcp(toolCall("whoami"), { token })).status).toBe(429);
    }
  });

  it("stops what was handed on when the original is revoked, at the next request", async () => {
    const person = await createApiToken(owner, { name: "to revoke", scopes: ["execute:mcp", "read:tasks"] });
    const child = (await delegate(person.token)).body.access_token;
    const grandchild = (await delegate(child)).body.access_token;
    expect((await rawMcp(toolCall("whoami"), { token: grandchild })).status).toBe(200);
    const revoked = await api(`/api/v2/tokens/${person.id}`, { method: "DELETE", token: owner.accessToken });
    expect(revoked.status).toBe(200);
    for (const token of [child, grandchild]) {
      const answer = await rawMcp(toolCall("whoami"), { token });
      expect(answer.status).toBe(401);
      expect(answer.headers.get("www-authenticate")).toContain("invalid_token");
    }
    expect((await delegate(child)).body.error).toBe("invalid_grant");
  });
});
