import { beforeAll, describe, expect, it } from "vitest";
import { api, createUser, signIn, type TestUser } from "../helpers/api";
import { addMember, testDb } from "../helpers/db";
import { rawMcp, toolCall } from "../helpers/mcp";
import { decide, exchange, openAuthorize, pkce, REDIRECT_URI, register } from "../helpers/oauth";

// Issue 15, item 2: the organization's token policy (owners set it) limits new and rotated
// tokens, and members' write tokens wait for an owner's or admin's approval.

const POLICY = {
  maxExpiryDays: 30,
  maxRateLimitPerHour: 500,
  memberScopes: ["execute:mcp", "read:tasks", "write:tasks"],
  approvalForWrite: true,
  requireAllowedAddresses: false,
  appAccessTokenMinutes: null,
  appRefreshIdleDays: null,
  connectedApps: "any",
  requireDpop: false,
};

let owner: TestUser;
let admin: TestUser;
let member: TestUser;

beforeAll(async () => {
  owner = await createUser({ organization: "Policy org" });
  admin = await createUser();
  member = await createUser();
  await addMember(admin.userId, owner.orgId, "admin");
  await addMember(member.userId, owner.orgId, "member");
});

const create = (who: TestUser, body: Record<string, unknown>) =>
  api("/api/v2/tokens", {
    token: who.accessToken,
    body: { name: "t", scopes: ["execute:mcp"], rateLimitPerHour: 100, ...body },
  });

describe("the token policy", () => {
  it("is set by owners only, and a change lists existing tokens that exceed it", async () => {
    const long = await create(member, { expiresInDays: 90, scopes: ["execute:mcp", "read:tasks"] });
    expect(long.status).toBe(201);
    expect(
      (await api("/api/v2/organization/policy", { method: "PUT", token: member.accessToken, body: POLICY })).status,
    ).toBe(403);
    expect(
      (await api("/api/v2/organization/policy", { method: "PUT", token: admin.accessToken, body: POLICY })).status,
    ).toBe(403);
    const set = await api("/api/v2/organization/policy", { method: "PUT", token: owner.accessToken, body: POLICY });
    expect(set.status).toBe(200);
    expect(set.body.policy).toEqual(POLICY);
    expect(set.body.exceeding.map((t: any) => t.id)).toEqual([long.body.id]);
    expect((await api("/api/v2/organization/policy", { token: member.accessToken })).body).toEqual(POLICY);
  });

  it("limits expiry, rate limit and members' scopes on create, and expiry on rotate", async () => {
    const tooLong = await create(member, { expiresInDays: 31 });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.error.fields.expiresInDays[0]).toContain("at most 30 days");
    const tooFast = await create(member, { rateLimitPerHour: 501 });
    expect(tooFast.body.error.fields.rateLimitPerHour[0]).toContain("at most 500");
    const agents = await create(member, { scopes: ["execute:mcp", "read:agents"] });
    expect(agents.body.error.fields.scopes[0]).toContain("read:agents");
    // Every problem at once, each under its field, in a message that names none of them.
    const everything = await create(member, {
      expiresInDays: 31,
      rateLimitPerHour: 501,
      scopes: ["execute:mcp", "read:agents"],
    });
    expect(Object.keys(everything.body.error.fields).sort()).toEqual(["expiresInDays", "rateLimitPerHour", "scopes"]);
    expect(everything.body.error.message).toBe(
      "Your organization's policy allows at most 30 days. Your organization's policy allows at most 500 requests per hour. Your organization's policy does not let members grant read:agents.",
    );
    // Owners and admins are not limited to the members' scopes.
    expect((await create(admin, { scopes: ["execute:mcp", "read:agents"], expiresInDays: 30 })).status).toBe(201);

    const ok = await create(member, { expiresInDays: 30, scopes: ["execute:mcp", "read:tasks"] });
    expect(ok.status).toBe(201);
    const owned = await create(owner, { expiresInDays: 30 });
    await api("/api/v2/organization/policy", {
      method: "PUT",
      token: owner.accessToken,
      body: { ...POLICY, maxExpiryDays: 7 },
    });
    const rotate = await api(`/api/v2/tokens/${owned.body.id}/rotate`, {
      method: "POST",
      token: owner.accessToken,
      body: {},
    });
    expect(rotate.status).toBe(400);
    expect(rotate.body.error.fields.expiresInDays[0]).toContain("at most 7 days");
    const shorter = await api(`/api/v2/tokens/${owned.body.id}/rotate`, {
      method: "POST",
      token: owner.accessToken,
      body: { expiresInDays: 7 },
    });
    expect(shorter.status).toBe(201);
    await api("/api/v2/organization/policy", { method: "PUT", token: owner.accessToken, body: POLICY });
  });

  it("can require a list of client addresses on every token", async () => {
    await api("/api/v2/organization/policy", {
      method: "PUT",
      token: owner.accessToken,
      body: { ...POLICY, requireAllowedAddresses: true },
    });
    const without = await create(owner, {});
    expect(without.body.error.fields.allowedAddresses[0]).toContain("requires");
    expect((await create(owner, { allowedAddresses: ["127.0.0.1"] })).status).toBe(201);
    await api("/api/v2/organization/policy", { method: "PUT", token: owner.accessToken, body: POLICY });
  });
});

describe("approvals", () => {
  it("keep a member's write token pending and refused by /mcp until an admin approves it", async () => {
    const noReason = await create(member, { scopes: ["execute:mcp", "write:tasks"] });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields.approvalReason).toBeDefined();
    const pending = await create(member, {
      scopes: ["execute:mcp", "write:tasks"],
      approvalReason: "nightly triage agent",
    });
    expect(pending.status).toBe(201);
    expect(pending.body).toMatchObject({ approval: "pending", approvalReason: "nightly triage agent" });
    const refused = await rawMcp(toolCall("whoami"), { token: pending.body.token });
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toContain("waiting for an organization owner's or admin's approval");

    const queue = await api("/api/v2/tokens?scope=organization&approval=pending", { token: admin.accessToken });
    expect(queue.body.tokens.map((t: any) => t.id)).toContain(pending.body.id);
    expect(
      (await api(`/api/v2/tokens/${pending.body.id}/approve`, { token: member.accessToken, body: {} })).status,
    ).toBe(403);

    const approved = await api(`/api/v2/tokens/${pending.body.id}/approve`, {
      token: admin.accessToken,
      body: { note: "ok for triage" },
    });
    expect(approved.body).toMatchObject({ approval: "approved", approvalNote: "ok for triage" });
    expect((await rawMcp(toolCall("whoami"), { token: pending.body.token })).status).toBe(200);
    expect((await api(`/api/v2/tokens/${pending.body.id}/deny`, { token: admin.accessToken, body: {} })).status).toBe(
      409,
    );
    // Read-only tokens and tokens of admins never wait.
    expect((await create(member, { scopes: ["execute:mcp", "read:tasks"] })).body.approval).toBe("approved");
    expect((await create(admin, { scopes: ["execute:mcp", "write:tasks"] })).body.approval).toBe("approved");
  });

  it("refuse a denied token for good", async () => {
    const pending = await create(member, { scopes: ["execute:mcp", "write:tasks"], approvalReason: "bulk edits" });
    const denied = await api(`/api/v2/tokens/${pending.body.id}/deny`, {
      token: owner.accessToken,
      body: { note: "use read-only" },
    });
    expect(denied.body).toMatchObject({ approval: "denied", approvalNote: "use read-only" });
    const refused = await rawMcp(toolCall("whoami"), { token: pending.body.token });
    expect(refused.status).toBe(403);
    expect(refused.json.error.message).toContain("denied");
    const audit = await api("/api/v2/audit?action=token.", { token: owner.accessToken });
    expect(audit.body.events.map((e: any) => e.action)).toEqual(
      expect.arrayContaining(["token.approved", "token.denied"]),
    );
  });
});

describe("changing a token (PATCH) keeps the policy, as create and rotate do", () => {
  it("refuses a rate limit past the maximum and an emptied address list where one is required", async () => {
    const token = await create(member, { expiresInDays: 7, allowedAddresses: ["127.0.0.1"] });
    expect(token.status).toBe(201);
    const patch = (body: Record<string, unknown>) =>
      api(`/api/v2/tokens/${token.body.id}`, { method: "PATCH", token: member.accessToken, body });

    const faster = await patch({ rateLimitPerHour: 50_000 });
    expect(faster.status).toBe(400);
    expect(faster.body.error).toEqual({
      code: "validation_error",
      message: "Your organization's policy allows at most 500 requests per hour.",
      fields: { rateLimitPerHour: ["your organization's policy allows at most 500 requests per hour"] },
    });
    expect((await patch({ rateLimitPerHour: 400 })).body.rateLimitPerHour).toBe(400);

    await api("/api/v2/organization/policy", {
      method: "PUT",
      token: owner.accessToken,
      body: { ...POLICY, requireAllowedAddresses: true },
    });
    try {
      const emptied = await patch({ allowedAddresses: [] });
      expect(emptied.status).toBe(400);
      expect(emptied.body.error.fields.allowedAddresses[0]).toContain("requires the client addresses");
      // A rename is no change the policy judges, even on a token made before it.
      expect((await patch({ name: "renamed" })).status).toBe(200);
    } finally {
      await api("/api/v2/organization/policy", { method: "PUT", token: owner.accessToken, body: POLICY });
    }
    const stored = await testDb().apiToken.findUniqueOrThrow({ where: { id: token.body.id } });
    expect(stored).toMatchObject({ rateLimitPerHour: 400, allowedAddresses: "127.0.0.1", name: "renamed" });
  });
});

describe("apps connected through OAuth", () => {
  it("get no more than the member could grant a token: members' scopes, no write scope awaiting approval, the rate limit", async () => {
    const cookie = (await signIn(member)).cookie;
    const clientId = (await register()).body.client_id;
    const { verifier, challenge } = pkce();
    const opened = await openAuthorize(cookie, {
      response_type: "code",
      client_id: clientId,
      redirect_uri: REDIRECT_URI,
      code_challenge: challenge,
      code_challenge_method: "S256",
      scope: "execute:mcp read:tasks write:tasks read:agents",
    });
    expect(opened.html).toContain("not allowed by your organization");
    expect(opened.html).not.toMatch(/value="write:tasks"/);
    // Even a hand-made decision cannot add what the policy withholds.
    const decided = await decide(cookie, opened.ticket!, true, [
      "execute:mcp",
      "read:tasks",
      "write:tasks",
      "read:agents",
    ]);
    const code = new URL(decided.body.redirectTo).searchParams.get("code")!;
    const tokens = await exchange(clientId, code, verifier);
    expect(tokens.body.scope).toBe("execute:mcp read:tasks");
    const apps = await api("/api/v2/connected-apps", { token: member.accessToken });
    expect(apps.body.apps[0].scopes).toEqual(["execute:mcp", "read:tasks"]);
    const row = await testDb().apiToken.findFirstOrThrow({ where: { grantId: apps.body.apps[0].id } });
    expect(row.rateLimitPerHour).toBe(500);
  });

  it("cannot be connected where every token must list its client addresses", async () => {
    await api("/api/v2/organization/policy", {
      method: "PUT",
      token: owner.accessToken,
      body: { ...POLICY, requireAllowedAddresses: true },
    });
    try {
      const cookie = (await signIn(owner)).cookie;
      const clientId = (await register()).body.client_id;
      const opened = await openAuthorize(cookie, {
        response_type: "code",
        client_id: clientId,
        redirect_uri: REDIRECT_URI,
        code_challenge: pkce().challenge,
        code_challenge_method: "S256",
      });
      expect(opened.ticket).toBeUndefined();
      expect(opened.html).toContain("requires every token to list the client addresses");
    } finally {
      await api("/api/v2/organization/policy", { method: "PUT", token: owner.accessToken, body: POLICY });
    }
  });
});
