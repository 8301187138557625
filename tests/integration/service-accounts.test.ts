import { beforeAll, describe, expect, it } from "vitest";
import { api, createUser, type TestUser } from "../helpers/api";
import { addMember, testDb } from "../helpers/db";
import { initializeMessage, rawMcp, toolCall } from "../helpers/mcp";
import { createApiToken } from "../helpers/tokens";

// Issue 24, item 1: service accounts, machine identities owned by the organization. Their tokens
// are ordinary tokens under the same policy, approvals, limits and audit trail; no person's
// departure touches them; disabling or deleting the account refuses its tokens at the next request.

let owner: TestUser;
beforeAll(async () => {
  owner = await createUser({ organization: "Automation Inc" });
});

const as = (user: TestUser) => ({
  create: (name: string) =>
    api("/api/v2/service-accounts", { method: "POST", token: user.accessToken, body: { name } }),
  update: (id: string, body: Record<string, unknown>) =>
    api(`/api/v2/service-accounts/${id}`, { method: "PATCH", token: user.accessToken, body }),
  remove: (id: string) => api(`/api/v2/service-accounts/${id}`, { method: "DELETE", token: user.accessToken }),
  token: (id: string, body: Record<string, unknown> = {}) =>
    api(`/api/v2/service-accounts/${id}/tokens`, {
      method: "POST",
      token: user.accessToken,
      body: { name: "ci", scopes: ["execute:mcp", "write:tasks"], rateLimitPerHour: 100, ...body },
    }),
});

const mcpStatus = async (token: string) => {
  const response = await rawMcp(initializeMessage, { token });
  return [response.status, response.json?.error?.message ?? null];
};

describe("service accounts", () => {
  it("are made by owners and admins, act as themselves on /mcp, and stay inside their organization", async () => {
    const created = await as(owner).create("nightly-ci");
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: "nightly-ci",
      status: "active",
      createdBy: owner.email,
      activeTokens: 0,
    });
    const id = created.body.id;

    const issued = await as(owner).token(id);
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({
      userId: id,
      holder: { kind: "service_account", id, name: "nightly-ci" },
      // Made by the owner, who is not its holder.
      createdBy: { id: owner.userId, name: owner.email },
      orgId: owner.orgId,
      scopes: ["execute:mcp", "write:tasks"],
    });

    const whoami = await rawMcp(toolCall("whoami"), { token: issued.body.token });
    expect(whoami.json.result.structuredContent).toMatchObject({
      user: null,
      serviceAccount: { id, name: "nightly-ci" },
      organization: { id: owner.orgId, name: "Automation Inc" },
      tokenId: issued.body.id,
    });
    const task = await rawMcp(toolCall("create_task", { title: "built by the robot" }), { token: issued.body.token });
    expect(task.json.result.structuredContent.task.title).toBe("built by the robot");

    // It is listed as a service account, with its token, and never as a member.
    const list = await api("/api/v2/service-accounts", { token: owner.accessToken });
    expect(list.body.serviceAccounts).toEqual([expect.objectContaining({ id, activeTokens: 1 })]);
    const tokens = await api(`/api/v2/service-accounts/${id}/tokens`, { token: owner.accessToken });
    expect(tokens.body.tokens.map((t: any) => [t.id, t.holder.kind])).toEqual([[issued.body.id, "service_account"]]);
    const members = await api("/api/v2/organization/members", { token: owner.accessToken });
    expect(members.body.members.map((m: any) => m.userId)).toEqual([owner.userId]);

    // Who acted and on what: the person, the service account.
    const audit = await api(`/api/v2/audit?target=${id}`, { token: owner.accessToken });
    expect(audit.body.events.map((e: any) => [e.action, e.actorUserId])).toEqual([
      ["service_account.created", owner.userId],
    ]);
    const tokenEvent = await testDb().auditEvent.findFirstOrThrow({
      where: { action: "token.created", targetId: issued.body.id },
    });
    expect(tokenEvent.actorUserId).toBe(owner.userId);
    expect(JSON.parse(tokenEvent.metadata)).toMatchObject({ serviceAccountId: id });

    // It never signs in, whatever is typed as its address.
    const { email } = await testDb().user.findUniqueOrThrow({ where: { id } });
    const signIn = await api("/api/v2/auth/token", { body: { email, password: "anything-at-all" } });
    expect(signIn.status).toBe(401);

    // Another organization's owner finds nothing.
    const stranger = await createUser();
    expect((await api(`/api/v2/service-accounts/${id}`, { token: stranger.accessToken })).status).toBe(404);
    expect((await as(stranger).token(id)).status).toBe(404);
    expect((await as(stranger).update(id, { disabled: true })).status).toBe(404);
  });

  it("are refused to members", async () => {
    const member = await createUser();
    await addMember(member.userId, owner.orgId, "member");
    expect((await as(member).create("sneaky")).status).toBe(403);
    expect((await api("/api/v2/service-accounts", { token: member.accessToken })).status).toBe(403);
    const existing = (await as(owner).create("someone-elses")).body.id;
    expect((await as(member).token(existing)).status).toBe(403);
    // Nor can a member reach a service account's token through the token routes.
    const token = (await as(owner).token(existing)).body;
    const rotate = await api(`/api/v2/tokens/${token.id}/rotate`, { method: "POST", token: member.accessToken });
    expect(rotate.status).toBe(404);
  });

  it("keep working when the person who made them leaves", async () => {
    const team = await createUser({ organization: "Leavers Ltd" });
    const admin = await createUser();
    await addMember(admin.userId, team.orgId, "admin");
    const account = (await as(admin).create("deploy-bot")).body;
    const machine = (await as(admin).token(account.id)).body;
    const personal = await createApiToken(admin);
    expect(await mcpStatus(machine.token)).toEqual([200, null]);

    const removed = await api(`/api/v2/organization/members/${admin.userId}`, {
      method: "DELETE",
      token: team.accessToken,
    });
    expect(removed.status).toBe(200);
    expect(await mcpStatus(personal.token)).toEqual([401, "Token has been revoked"]);
    expect(await mcpStatus(machine.token)).toEqual([200, null]);
  });

  it("refuse their tokens at the next request once disabled or deleted, and again work once enabled", async () => {
    const account = (await as(owner).create("scheduled-agent")).body;
    const { token } = (await as(owner).token(account.id, { scopes: ["execute:mcp", "read:tasks"] })).body;
    expect(await mcpStatus(token)).toEqual([200, null]);

    const disabled = await as(owner).update(account.id, { disabled: true });
    expect(disabled.body).toMatchObject({ status: "disabled" });
    expect(await mcpStatus(token)).toEqual([401, "The service account of this token is disabled"]);
    expect((await as(owner).token(account.id)).status).toBe(409);
    const validate = await api("/api/v2/tokens/validate", { method: "POST", token });
    expect(validate.status).toBe(401);

    expect((await as(owner).update(account.id, { disabled: false, name: "scheduled-agent-2" })).body).toMatchObject({
      status: "active",
      name: "scheduled-agent-2",
    });
    expect(await mcpStatus(token)).toEqual([200, null]);

    expect((await as(owner).remove(account.id)).body).toMatchObject({ status: "deleted", activeTokens: 1 });
    expect(await mcpStatus(token)).toEqual([401, "Token not found in database"]);
    const actions = await testDb().auditEvent.findMany({
      where: { targetId: account.id },
      orderBy: { createdAt: "asc" },
      select: { action: true, actorUserId: true },
    });
    expect(actions.map((event) => event.action)).toEqual([
      "service_account.created",
      "service_account.disabled",
      "service_account.enabled",
      "service_account.deleted",
    ]);
    expect(new Set(actions.map((event) => event.actorUserId))).toEqual(new Set([owner.userId]));
  });

  it("get a member's policy: its scopes, approval of write scopes, and limits, on create and rotate", async () => {
    const team = await createUser({ organization: "Strict Co" });
    const policy = await api("/api/v2/organization/policy", {
      method: "PUT",
      token: team.accessToken,
      body: {
        maxExpiryDays: 30,
        maxRateLimitPerHour: 500,
        memberScopes: ["execute:mcp", "read:tasks", "write:tasks"],
        approvalForWrite: true,
        requireAllowedAddresses: false,
        appAccessTokenMinutes: null,
        appRefreshIdleDays: null,
      },
    });
    expect(policy.status).toBe(200);
    const account = (await as(team).create("etl")).body;

    const outside = await as(team).token(account.id, { scopes: ["execute:mcp", "read:agents"] });
    expect(outside.status).toBe(400);
    expect(outside.body.error.fields.scopes).toEqual([
      "your organization's policy does not let members grant read:agents",
    ]);
    expect((await as(team).token(account.id, { scopes: ["execute:mcp"], expiresInDays: 90 })).status).toBe(400);
    expect((await as(team).token(account.id, { scopes: ["execute:mcp"], rateLimitPerHour: 501 })).status).toBe(400);

    // A write scope waits for approval, even when an owner makes it; then it works.
    expect((await as(team).token(account.id)).status).toBe(400);
    const pending = await as(team).token(account.id, { approvalReason: "writes build results" });
    expect(pending.body.approval).toBe("pending");
    expect((await rawMcp(initializeMessage, { token: pending.body.token })).status).toBe(403);
    const approved = await api(`/api/v2/tokens/${pending.body.id}/approve`, {
      method: "POST",
      token: team.accessToken,
      body: {},
    });
    expect(approved.status).toBe(200);
    expect(await mcpStatus(pending.body.token)).toEqual([200, null]);

    // Rotation with an overlap: both work, then the old one can be stopped at once.
    const rotated = await api(`/api/v2/tokens/${pending.body.id}/rotate`, {
      method: "POST",
      token: team.accessToken,
      body: { overlap: "1h" },
    });
    expect(rotated.status).toBe(201);
    expect(rotated.body.userId).toBe(account.id);
    expect(await mcpStatus(pending.body.token)).toEqual([200, null]);
    expect(await mcpStatus(rotated.body.token)).toEqual([200, null]);
    await api(`/api/v2/tokens/${pending.body.id}`, { method: "DELETE", token: team.accessToken });
    expect(await mcpStatus(pending.body.token)).toEqual([401, "Token has been revoked"]);
    expect(await mcpStatus(rotated.body.token)).toEqual([200, null]);
    // Narrowing it through PATCH keeps the member's policy too.
    const widened = await api(`/api/v2/tokens/${rotated.body.id}`, {
      method: "PATCH",
      token: team.accessToken,
      body: { rateLimitPerHour: 900 },
    });
    expect(widened.status).toBe(400);
  });
});
