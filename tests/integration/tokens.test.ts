import { decodeJwt, decodeProtectedHeader } from "jose";
import { describe, expect, it } from "vitest";
import { listTokens, revokeTokens } from "../../lib/api/operations";
import { api, apiAs, baseUrl, createUser } from "../helpers/api";
import { addMember, testDb } from "../helpers/db";
import { createApiToken } from "../helpers/tokens";
import { rawMcp, toolCall } from "../helpers/mcp";

const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

describe("POST /api/v2/tokens", () => {
  it("creates a token, returns the secret once and stores only its hash", async () => {
    const user = await createUser();
    const response = await api("/api/v2/tokens", {
      token: user.accessToken,
      body: {
        name: "Cursor",
        description: "  For the Cursor agent on my laptop ",
        scopes: ["write:tasks", "execute:mcp", "write:tasks"],
        expiresInDays: 7,
        rateLimitPerHour: 50,
      },
    });
    expect(response.status).toBe(201);
    const created = response.body;
    expect(created).toEqual({
      id: expect.any(String),
      name: "Cursor",
      hint: created.token.slice(-6),
      description: "For the Cursor agent on my laptop",
      createdBy: { id: user.userId, name: user.email },
      scopes: ["execute:mcp", "write:tasks"],
      status: "active",
      createdAt: ISO,
      expiresAt: ISO,
      lastUsedAt: null,
      revokedAt: null,
      revokedReason: null,
      rateLimitPerHour: 50,
      userId: user.userId,
      holder: { kind: "person", id: user.userId, name: user.email },
      orgId: user.orgId,
      rotatedFromId: null,
      serverId: null,
      tools: null,
      allowedAddresses: [],
      approval: "approved",
      approvalReason: null,
      approvalNote: null,
      token: expect.any(String),
      resource: `${baseUrl()}/mcp`,
    });

    expect(decodeProtectedHeader(created.token)).toEqual({ alg: "HS256", typ: "JWT", kid: "keyway" });
    const claims = decodeJwt(created.token);
    expect(claims).toEqual({
      iss: baseUrl(),
      aud: `${baseUrl()}/mcp`,
      sub: user.userId,
      org: user.orgId,
      jti: created.id,
      scopes: ["execute:mcp", "write:tasks"],
      scope: "execute:mcp write:tasks",
      iat: Math.floor(Date.parse(created.createdAt) / 1000),
      exp: Date.parse(created.expiresAt) / 1000,
    });
    expect(claims.exp! - claims.iat!).toBe(7 * 24 * 3600);

    const row = await testDb().apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(created.token);

    const fetched = await api(`/api/v2/tokens/${created.id}`, { token: user.accessToken });
    expect(fetched.status).toBe(200);
    const { token: _secret, resource: _resource, ...view } = created;
    expect(fetched.body).toEqual({ ...view, history: [] });
    expect(JSON.stringify(fetched.body)).not.toContain(created.token);
  });

  it("applies the defaults: 30 days and 1,000 requests an hour", async () => {
    const user = await createUser();
    const created = await createApiToken(user, {});
    expect(created.rateLimitPerHour).toBe(1000);
    const claims = decodeJwt(created.token);
    expect(claims.exp! - claims.iat!).toBe(30 * 24 * 3600);
  });

  it.each([
    ["no name", { scopes: ["execute:mcp"] }, "name"],
    ["an empty name", { name: "  ", scopes: ["execute:mcp"] }, "name"],
    ["no scopes", { name: "x", scopes: [] }, "scopes"],
    ["an unknown scope", { name: "x", scopes: ["mcp:admin"] }, "scopes.0"],
    ["an expiry of 0 days", { name: "x", scopes: ["execute:mcp"], expiresInDays: 0 }, "expiresInDays"],
    ["an expiry of 366 days", { name: "x", scopes: ["execute:mcp"], expiresInDays: 366 }, "expiresInDays"],
    ["a fractional expiry", { name: "x", scopes: ["execute:mcp"], expiresInDays: 1.5 }, "expiresInDays"],
    ["a rate limit of 0", { name: "x", scopes: ["execute:mcp"], rateLimitPerHour: 0 }, "rateLimitPerHour"],
    [
      "a rate limit over 100,000",
      { name: "x", scopes: ["execute:mcp"], rateLimitPerHour: 100_001 },
      "rateLimitPerHour",
    ],
    ["a string rate limit", { name: "x", scopes: ["execute:mcp"], rateLimitPerHour: "10" }, "rateLimitPerHour"],
    ["a NUL character in the name", { name: "a\u0000b", scopes: ["execute:mcp"] }, "name"],
  ])("refuses %s with 400 naming the field, and stores nothing", async (_case, body, field) => {
    const user = await createUser();
    const response = await api("/api/v2/tokens", { token: user.accessToken, body });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe("validation_error");
    expect(response.body.error.message).toMatch(new RegExp(`^${field.replace(".", "\\.")}: `));
    expect(Object.keys(response.body.error.fields)).toContain(field);
    expect(await testDb().apiToken.count({ where: { userId: user.userId } })).toBe(0);
  });

  it("refuses an oversize body with 413 and malformed JSON with 400", async () => {
    const user = await createUser();
    const big = await api("/api/v2/tokens", {
      token: user.accessToken,
      rawBody: JSON.stringify({ name: "x".repeat(70_000) }),
    });
    expect(big.status).toBe(413);
    expect(big.body).toEqual({
      error: { code: "payload_too_large", message: "The request body is larger than 65536 bytes." },
    });
    const bad = await api("/api/v2/tokens", { token: user.accessToken, rawBody: "{name:" });
    expect(bad.body).toEqual({ error: { code: "invalid_json", message: "The request body is not valid JSON." } });
  });
});

describe("management authentication", () => {
  it("asks for credentials with 401 and a challenge without an error", async () => {
    const response = await api("/api/v2/tokens");
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="keyway"');
    expect(response.body).toEqual({
      error: { code: "unauthorized", message: "Sign in, or send a user access token as a Bearer token." },
    });
  });

  it("refuses an API token for management", async () => {
    const user = await createUser();
    const { token } = await createApiToken(user);
    const response = await api("/api/v2/tokens", { token });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe("invalid_token");
    expect(response.body.error.message).toMatch(/^Invalid token: aud claim check failed/);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer realm="keyway", error="invalid_token"/);
  });

  it("refuses a malformed Authorization header with 400", async () => {
    const response = await api("/api/v2/tokens", { headers: { authorization: "Basic abc" } });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: { code: "invalid_request", message: "Authorization scheme must be Bearer" },
    });
  });
});

describe("GET /api/v2/tokens", () => {
  it("lists the caller's tokens newest first with cursor pagination and a status filter", async () => {
    const user = await createUser();
    const other = await createUser();
    await createApiToken(other, { name: "someone else's" });
    const ids: string[] = [];
    for (const name of ["one", "two", "three"]) ids.push((await createApiToken(user, { name })).id);
    await api(`/api/v2/tokens/${ids[0]}`, { method: "DELETE", token: user.accessToken });

    const first = await api("/api/v2/tokens?limit=2", { token: user.accessToken });
    expect(first.status).toBe(200);
    expect(first.body.tokens.map((t: { name: string }) => t.name)).toEqual(["three", "two"]);
    expect(first.body.nextCursor).toBe(ids[1]);
    const second = await api(`/api/v2/tokens?limit=2&cursor=${first.body.nextCursor}`, { token: user.accessToken });
    expect(second.body.tokens.map((t: { name: string }) => t.name)).toEqual(["one"]);
    expect(second.body.nextCursor).toBeNull();

    const revoked = await api("/api/v2/tokens?status=revoked", { token: user.accessToken });
    expect(revoked.body.tokens.map((t: { id: string }) => t.id)).toEqual([ids[0]]);
    const active = await api("/api/v2/tokens?status=active", { token: user.accessToken });
    expect(active.body.tokens.map((t: { id: string }) => t.id)).toEqual([ids[2], ids[1]]);
    for (const token of first.body.tokens) expect(token).not.toHaveProperty("token");
  });

  it("finds a token by its name, its last characters, or (organization-wide) its holder", async () => {
    const owner = await createUser();
    const member = await createUser();
    await addMember(member.userId, owner.orgId, "member");
    const deploy = await createApiToken(owner, { name: "Deploy Bot" });
    const theirs = await createApiToken(member, { name: "laptop" });
    const search = (q: string, scope: "mine" | "organization" = "organization") =>
      apiAs(owner)(listTokens, { query: { q, scope } }).then((result) => {
        if (!result.ok) throw new Error(result.message);
        return result.data.tokens.map((token) => token.id);
      });

    expect(await search("deploy bot")).toEqual([deploy.id]);
    expect(await search(`…${theirs.hint.slice(-4)}`)).toEqual([theirs.id]);
    expect(await search(theirs.hint)).toEqual([theirs.id]);
    expect(await search(member.email.toUpperCase())).toEqual([theirs.id]);
    // Only their own in "mine", whatever matches elsewhere in the organization.
    expect(await search(member.email, "mine")).toEqual([]);
  });

  it("sorts by name as people read it, whatever the case", async () => {
    const user = await createUser();
    for (const name of ["beta", "Alpha", "charlie", "Bravo"]) await createApiToken(user, { name });
    const sorted = await apiAs(user)(listTokens, { query: { sort: "name" } });
    expect(sorted.ok && sorted.data.tokens.map((token) => token.name)).toEqual(["Alpha", "beta", "Bravo", "charlie"]);
    const reversed = await apiAs(user)(listTokens, { query: { sort: "name", order: "desc" } });
    expect(reversed.ok && reversed.data.tokens.map((token) => token.name)).toEqual([
      "charlie",
      "Bravo",
      "beta",
      "Alpha",
    ]);
  });

  it("lists an expired token as expired", async () => {
    const user = await createUser();
    const created = await createApiToken(user);
    await testDb().apiToken.update({ where: { id: created.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const list = await api("/api/v2/tokens?status=expired", { token: user.accessToken });
    expect(list.body.tokens.map((t: { id: string; status: string }) => [t.id, t.status])).toEqual([
      [created.id, "expired"],
    ]);
  });

  it.each([
    ["?limit=0", "limit"],
    ["?limit=101", "limit"],
    ["?status=gone", "status"],
    ["?cursor=nope", "cursor"],
    ["?unknown=1", "body"],
  ])("refuses %s with 400", async (query, field) => {
    const user = await createUser();
    const response = await api(`/api/v2/tokens${query}`, { token: user.accessToken });
    expect(response.status).toBe(400);
    expect(Object.keys(response.body.error.fields)).toEqual([field]);
  });

  it("lets owners and admins list the organization's tokens, and no one else", async () => {
    const owner = await createUser();
    const member = await createUser();
    await addMember(member.userId, owner.orgId, "member");
    const ownerToken = await createApiToken(owner, { name: "owner's" });
    const memberToken = await createApiToken(member, { name: "member's" });

    const mine = await api("/api/v2/tokens", { token: owner.accessToken });
    expect(mine.body.tokens.map((t: { id: string }) => t.id)).toEqual([ownerToken.id]);
    const all = await api("/api/v2/tokens?scope=organization", { token: owner.accessToken });
    expect(all.body.tokens.map((t: { id: string }) => t.id)).toEqual([memberToken.id, ownerToken.id]);
    // Whose each one is: the person holding it, named (by e-mail address when they gave no name).
    expect(all.body.tokens.map((t: { holder: unknown }) => t.holder)).toEqual([
      { kind: "person", id: member.userId, name: member.email },
      { kind: "person", id: owner.userId, name: owner.email },
    ]);

    const refused = await api("/api/v2/tokens?scope=organization", { token: member.accessToken });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      error: {
        code: "forbidden",
        message: "Only organization owners and admins can see every token of the organization.",
      },
    });
  });
});

describe("access across users and organizations", () => {
  it("answers ids that cannot name a row with 404, on both stores", async () => {
    const user = await createUser();
    for (const id of ["%00", "a%00b", "x".repeat(101)]) {
      const response = await api(`/api/v2/tokens/${id}`, { token: user.accessToken });
      expect([id, response.status, response.body]).toEqual([
        id,
        404,
        { error: { code: "not_found", message: "No token with this id." } },
      ]);
    }
  });

  it("hides another user's token behind 404 for every call", async () => {
    const owner = await createUser();
    const stranger = await createUser();
    const { id } = await createApiToken(owner);
    const calls: [string, string, unknown?][] = [
      ["GET", `/api/v2/tokens/${id}`],
      ["PATCH", `/api/v2/tokens/${id}`, { name: "mine now" }],
      ["DELETE", `/api/v2/tokens/${id}`],
      ["POST", `/api/v2/tokens/${id}/rotate`, {}],
      ["GET", `/api/v2/tokens/${id}/usage`],
    ];
    for (const [method, path, body] of calls) {
      const response = await api(path, { method, body, token: stranger.accessToken });
      expect([method, path, response.status, response.body]).toEqual([
        method,
        path,
        404,
        { error: { code: "not_found", message: "No token with this id." } },
      ]);
    }
    const row = await testDb().apiToken.findUniqueOrThrow({ where: { id } });
    expect([row.name, row.revokedAt]).toEqual(["test token", null]);
  });

  it("lets an organization admin view and revoke a member's token but not rotate or rename it", async () => {
    const owner = await createUser();
    const admin = await createUser();
    const member = await createUser();
    await addMember(admin.userId, owner.orgId, "admin");
    await addMember(member.userId, owner.orgId, "member");
    const { id } = await createApiToken(member);

    expect((await api(`/api/v2/tokens/${id}`, { token: admin.accessToken })).status).toBe(200);
    expect((await api(`/api/v2/tokens/${id}/rotate`, { method: "POST", token: admin.accessToken })).status).toBe(404);
    expect(
      (await api(`/api/v2/tokens/${id}`, { method: "PATCH", body: { name: "x" }, token: admin.accessToken })).status,
    ).toBe(404);
    const revoked = await api(`/api/v2/tokens/${id}`, { method: "DELETE", token: admin.accessToken });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id, status: "revoked", revokedReason: "revoked by organization admin" });

    // A plain member cannot touch a colleague's token.
    const other = await createApiToken(owner);
    expect((await api(`/api/v2/tokens/${other.id}`, { method: "DELETE", token: member.accessToken })).status).toBe(404);
  });
});

describe("PATCH /api/v2/tokens/{id}", () => {
  it("renames, changes the rate limit and narrows scopes", async () => {
    const user = await createUser();
    const { id } = await createApiToken(user, { scopes: ["execute:mcp", "write:tasks", "read:agents"] });
    const response = await api(`/api/v2/tokens/${id}`, {
      method: "PATCH",
      token: user.accessToken,
      body: { name: "renamed", rateLimitPerHour: 5, scopes: ["execute:mcp", "write:tasks"] },
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id,
      name: "renamed",
      rateLimitPerHour: 5,
      scopes: ["execute:mcp", "write:tasks"],
    });
  });

  it.each([
    [
      "a scope the token lacks",
      { scopes: ["execute:mcp", "write:agents"] },
      "scopes can only be narrowed; this token does not have write:agents",
    ],
    ["an expiry", { expiresAt: "2099-01-01T00:00:00Z" }, 'Unrecognized key: "expiresAt"'],
    ["nothing", {}, "send at least one of name, description, rateLimitPerHour, scopes, allowedAddresses"],
  ])("refuses %s with 400 and changes nothing", async (_case, body, message) => {
    const user = await createUser();
    const created = await createApiToken(user);
    const response = await api(`/api/v2/tokens/${created.id}`, { method: "PATCH", token: user.accessToken, body });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe(message);
    const after = await api(`/api/v2/tokens/${created.id}`, { token: user.accessToken });
    const { token: _secret, resource: _resource, ...view } = created;
    expect(after.body).toEqual({ ...view, history: [] });
  });
});

describe("POST /api/v2/tokens/revoke", () => {
  it("revokes several tokens at once, or none when any is not the caller's", async () => {
    const user = await createUser();
    const stranger = await createUser();
    const [a, b, c] = [await createApiToken(user), await createApiToken(user), await createApiToken(user)];
    const theirs = await createApiToken(stranger);
    // One id that is not theirs: 404, and nothing changed.
    const refused = await apiAs(user)(revokeTokens, { body: { ids: [a.id, theirs.id] } });
    expect(refused).toMatchObject({ ok: false, status: 404 });
    expect(await testDb().apiToken.count({ where: { id: { in: [a.id, theirs.id] }, revokedAt: { not: null } } })).toBe(
      0,
    );
    const revoked = await apiAs(user)(revokeTokens, { body: { ids: [a.id, b.id, a.id] } });
    expect(revoked.ok && revoked.data.tokens.map((token) => [token.id, token.status])).toEqual([
      [a.id, "revoked"],
      [b.id, "revoked"],
    ]);
    expect((await rawMcp(toolCall("whoami"), { token: a.token })).status).toBe(401);
    expect((await rawMcp(toolCall("whoami"), { token: c.token })).status).toBe(200);
    expect(await apiAs(user)(revokeTokens, { body: { ids: [] } })).toMatchObject({ status: 400 });
  });
});

describe("DELETE and rotate", () => {
  it("revokes idempotently and keeps the token listed with when and why", async () => {
    const user = await createUser();
    const { id } = await createApiToken(user);
    const first = await api(`/api/v2/tokens/${id}`, { method: "DELETE", token: user.accessToken });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id, status: "revoked", revokedAt: ISO, revokedReason: "revoked by owner" });
    const second = await api(`/api/v2/tokens/${id}`, { method: "DELETE", token: user.accessToken });
    expect(second.body.revokedAt).toBe(first.body.revokedAt);
  });

  it("rotates: same name, scopes and limit, fresh expiry, the old token revoked and linked", async () => {
    const user = await createUser();
    const old = await createApiToken(user, {
      name: "CI",
      scopes: ["execute:mcp", "read:context"],
      expiresInDays: 90,
      rateLimitPerHour: 77,
    });
    await new Promise((r) => setTimeout(r, 1100));
    const response = await api(`/api/v2/tokens/${old.id}/rotate`, { method: "POST", token: user.accessToken });
    expect(response.status).toBe(201);
    const fresh = response.body;
    expect(fresh).toMatchObject({
      name: "CI",
      scopes: ["execute:mcp", "read:context"],
      rateLimitPerHour: 77,
      status: "active",
      rotatedFromId: old.id,
    });
    expect(fresh.token).not.toBe(old.token);
    const claims = decodeJwt(fresh.token);
    expect(claims.exp! - claims.iat!).toBe(90 * 24 * 3600);
    expect(Date.parse(fresh.expiresAt)).toBeGreaterThan(Date.parse(old.expiresAt as string));
    const oldView = await api(`/api/v2/tokens/${old.id}`, { token: user.accessToken });
    expect(oldView.body).toMatchObject({ status: "revoked", revokedReason: "rotated" });

    const again = await api(`/api/v2/tokens/${old.id}/rotate`, { method: "POST", token: user.accessToken });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      error: { code: "conflict", message: "This token is revoked, expired or already rotated, and cannot be rotated." },
    });
  });

  it("gives concurrent rotations of one token exactly one successor", async () => {
    const user = await createUser();
    const { id } = await createApiToken(user);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => api(`/api/v2/tokens/${id}/rotate`, { method: "POST", token: user.accessToken })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(await testDb().apiToken.count({ where: { rotatedFromId: id } })).toBe(1);
  });
});

describe("GET /api/v2/tokens/{id}/usage", () => {
  it("answers the spec's shape, zero-filled, per hour or per day", async () => {
    const user = await createUser();
    const { id } = await createApiToken(user);
    const zero = { requests: 0, succeeded: 0, errors: 0, denied: 0, rateLimited: 0 };
    for (const [window, buckets] of [
      ["24h", 24],
      ["7d", 7],
      ["30d", 30],
    ] as const) {
      const response = await api(`/api/v2/tokens/${id}/usage?window=${window}`, { token: user.accessToken });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        tokenId: id,
        window,
        lastUsedAt: null,
        totals: zero,
        series: expect.any(Array),
        byTool: [],
      });
      expect(response.body.series).toHaveLength(buckets);
      expect(response.body.series[0]).toEqual({ start: ISO, ...zero });
    }
    const bad = await api(`/api/v2/tokens/${id}/usage?window=1y`, { token: user.accessToken });
    expect(bad.status).toBe(400);
  });
});

describe("audit trail", () => {
  it("records create, update, rotate and revoke for owners to read", async () => {
    const user = await createUser();
    const { id } = await createApiToken(user);
    await api(`/api/v2/tokens/${id}`, { method: "PATCH", token: user.accessToken, body: { name: "renamed" } });
    const rotated = await api(`/api/v2/tokens/${id}/rotate`, { method: "POST", token: user.accessToken });
    await api(`/api/v2/tokens/${rotated.body.id}`, { method: "DELETE", token: user.accessToken });
    // The token events (sign-ins are in the trail too).
    const audit = await api("/api/v2/audit?action=token.", { token: user.accessToken });
    expect(audit.status).toBe(200);
    expect(
      audit.body.events.map((e: { action: string; targetId: string; actorUserId: string }) => [
        e.action,
        e.targetId,
        e.actorUserId,
      ]),
    ).toEqual([
      ["token.revoked", rotated.body.id, user.userId],
      ["token.rotated", id, user.userId],
      ["token.updated", id, user.userId],
      ["token.created", id, user.userId],
    ]);
    expect(JSON.stringify(audit.body)).not.toContain(rotated.body.token);

    const member = await createUser();
    await addMember(member.userId, user.orgId, "member");
    expect((await api("/api/v2/audit", { token: member.accessToken })).status).toBe(403);
  });
});

describe("GET /api/v2/openapi.json", () => {
  it("documents every token endpoint from the zod schemas", async () => {
    const response = await api("/api/v2/openapi.json");
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe("3.1.0");
    expect(Object.keys(response.body.paths).sort()).toEqual([
      "/account",
      "/account/second-factor",
      "/account/second-factor/passkeys",
      "/account/second-factor/passkeys/options",
      "/account/second-factor/passkeys/{id}",
      "/account/second-factor/totp",
      "/account/second-factor/totp/confirm",
      "/account/sessions",
      "/account/sessions/{id}",
      "/account/sso-link",
      "/audit",
      "/audit/export",
      "/auth/passkey/options",
      "/auth/password",
      "/auth/signup",
      "/auth/token",
      "/connected-apps",
      "/connected-apps/{id}",
      "/connected-apps/{id}/requests",
      "/connected-apps/{id}/usage",
      "/invitations/accept",
      "/organization/activity",
      "/organization/activity/{id}/dismiss",
      "/organization/app-approvals",
      "/organization/app-approvals/{id}",
      "/organization/app-approvals/{id}/approve",
      "/organization/enterprise-clients",
      "/organization/enterprise-clients/{id}",
      "/organization/invitations",
      "/organization/invitations/{id}",
      "/organization/members",
      "/organization/members/{userId}",
      "/organization/members/{userId}/second-factor/reset",
      "/organization/policy",
      "/organization/second-factor",
      "/organization/servers",
      "/organization/servers/{id}",
      "/organization/sso",
      "/organization/sso/domains/{domain}/verify",
      "/organization/webhook",
      "/organization/webhook/test",
      "/organizations",
      "/organizations/current",
      "/requests",
      "/secret-scanning/github",
      "/secret-scanning/report",
      "/service-accounts",
      "/service-accounts/{id}",
      "/service-accounts/{id}/clients",
      "/service-accounts/{id}/clients/{clientId}",
      "/service-accounts/{id}/clients/{clientId}/secret",
      "/service-accounts/{id}/tokens",
      "/service-accounts/{id}/trust-policies",
      "/service-accounts/{id}/trust-policies/{policyId}",
      "/tokens",
      "/tokens/export",
      "/tokens/revoke",
      "/tokens/validate",
      "/tokens/{id}",
      "/tokens/{id}/approve",
      "/tokens/{id}/deny",
      "/tokens/{id}/requests",
      "/tokens/{id}/rotate",
      "/tokens/{id}/usage",
      "/usage",
    ]);
    const create = response.body.paths["/tokens"].post.requestBody.content["application/json"].schema;
    expect(create.properties.scopes.items.enum).toEqual([
      "execute:mcp",
      "read:tasks",
      "write:tasks",
      "read:context",
      "write:context",
      "read:agents",
      "write:agents",
    ]);
    expect(create.properties.expiresInDays).toMatchObject({ minimum: 1, maximum: 365 });
  });
});

describe("session cookies", () => {
  it("refuses a cross-site change made with the session cookie", async () => {
    const response = await api("/api/v2/tokens", {
      body: { name: "csrf", scopes: ["execute:mcp"] },
      headers: { origin: "https://evil.example", cookie: "next-auth.session-token=whatever" },
    });
    expect(response.status).toBe(403);
    expect(response.body).toEqual({
      error: { code: "forbidden", message: "Cross-site requests cannot use the session cookie." },
    });
  });
});
