import { beforeAll, describe, expect, it } from "vitest";
import { api, createUser, uniqueEmail, type TestUser } from "../helpers/api";
import { testDb } from "../helpers/db";
import { rawMcp, toolCall } from "../helpers/mcp";
import { createApiToken } from "../helpers/tokens";

// Issue 15, item 1: members join by single-use invitation links, roles decide who may do what,
// an organization always keeps an owner, and leaving or being removed revokes at once.

const secretOf = (url: string) => new URL(url).pathname.split("/").pop()!;

async function invite(by: TestUser, email: string, role: "admin" | "member" = "member") {
  const response = await api("/api/v2/organization/invitations", { token: by.accessToken, body: { email, role } });
  return response;
}

async function join(owner: TestUser, who: TestUser, role: "admin" | "member" = "member") {
  const invited = await invite(owner, who.email, role);
  expect(invited.status).toBe(201);
  const accepted = await api("/api/v2/invitations/accept", {
    token: who.accessToken,
    body: { secret: secretOf(invited.body.url) },
  });
  expect(accepted.status).toBe(200);
}

let owner: TestUser;
beforeAll(async () => {
  owner = await createUser({ organization: "Team org" });
});

describe("invitations", () => {
  it("are single-use, for the invited address only, and show the link once", async () => {
    const invitee = await createUser();
    const response = await invite(owner, invitee.email.toUpperCase(), "admin");
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ email: invitee.email, role: "admin", status: "pending" });
    expect(response.body.url).toMatch(/\/invite\/kwi_[\w-]{43}$/);
    const listed = await api("/api/v2/organization/invitations", { token: owner.accessToken });
    expect(listed.body.invitations[0].url).toBeUndefined();
    const row = await testDb().invitation.findUniqueOrThrow({ where: { id: response.body.id } });
    expect(row.secretHash).not.toContain(secretOf(response.body.url));

    const stranger = await createUser();
    const wrong = await api("/api/v2/invitations/accept", {
      token: stranger.accessToken,
      body: { secret: secretOf(response.body.url) },
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.message).toContain(invitee.email);

    const accepted = await api("/api/v2/invitations/accept", {
      token: invitee.accessToken,
      body: { secret: secretOf(response.body.url) },
    });
    expect(accepted.body).toEqual({ orgId: owner.orgId, role: "admin" });
    const again = await api("/api/v2/invitations/accept", {
      token: invitee.accessToken,
      body: { secret: secretOf(response.body.url) },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain("used already");

    // The invitee now acts in the team organization, and still has their own.
    const orgs = await api("/api/v2/organizations", { token: invitee.accessToken });
    expect(orgs.body.organizations).toHaveLength(2);
    expect(orgs.body.organizations.find((o: any) => o.current)).toMatchObject({ id: owner.orgId, role: "admin" });
  });

  it("expire after seven days and can be revoked", async () => {
    const late = await createUser();
    const expiring = await invite(owner, late.email);
    await testDb().invitation.update({
      where: { id: expiring.body.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await api("/api/v2/invitations/accept", {
      token: late.accessToken,
      body: { secret: secretOf(expiring.body.url) },
    });
    expect(expired.status).toBe(409);
    expect(expired.body.error.message).toContain("expired");

    const revokedInvite = await invite(owner, late.email);
    expect(
      (
        await api(`/api/v2/organization/invitations/${revokedInvite.body.id}`, {
          method: "DELETE",
          token: owner.accessToken,
        })
      ).body.status,
    ).toBe("revoked");
    const revoked = await api("/api/v2/invitations/accept", {
      token: late.accessToken,
      body: { secret: secretOf(revokedInvite.body.url) },
    });
    expect(revoked.status).toBe(409);
    expect(
      (await api("/api/v2/invitations/accept", { token: late.accessToken, body: { secret: "not-a-real-link" } }))
        .status,
    ).toBe(404);
  });
});

describe("signing up through an invitation", () => {
  it("joins the invited organization in the sign-up itself, with no organization of one's own", async () => {
    const email = uniqueEmail("invited");
    const invited = await invite(owner, email, "admin");
    const secret = secretOf(invited.body.url);
    const password = "correct horse battery";

    // Another address cannot use it, and nothing is left behind by the refusal.
    const wrong = await api("/api/v2/auth/signup", {
      body: { email: uniqueEmail("refused-invitee"), password, invitation: secret },
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.message).toContain(`This invitation is for ${email}`);

    const signup = await api("/api/v2/auth/signup", { body: { email, password, invitation: secret } });
    expect(signup.status).toBe(201);
    expect(signup.body.organization).toEqual({ id: owner.orgId, name: "Team org" });
    const token = (await api("/api/v2/auth/token", { body: { email, password } })).body.accessToken;
    const organizations = await api("/api/v2/organizations", { token });
    expect(organizations.body.organizations).toEqual([
      { id: owner.orgId, name: "Team org", role: "admin", current: true, reachable: true },
    ]);
    // Single use: a second sign-up with the link is refused.
    const again = await api("/api/v2/auth/signup", {
      body: { email: uniqueEmail("again"), password, invitation: secret },
    });
    expect(again.status).toBe(409);
    expect(await testDb().user.count({ where: { email: { startsWith: "refused-invitee-" } } })).toBe(0);
    const events = (await api("/api/v2/audit?action=member.joined", { token: owner.accessToken })).body.events;
    expect(events.map((event: any) => event.actorEmail)).toContain(email);
  });
});

describe("roles", () => {
  it("let members neither invite, change roles, remove others, see others' tokens nor read the audit log", async () => {
    const member = await createUser();
    await join(owner, member);
    const other = await createUser();
    await join(owner, other);
    expect((await invite(member, "someone@example.test")).status).toBe(403);
    expect(
      (
        await api(`/api/v2/organization/members/${other.userId}`, {
          method: "PATCH",
          token: member.accessToken,
          body: { role: "admin" },
        })
      ).status,
    ).toBe(403);
    expect(
      (await api(`/api/v2/organization/members/${other.userId}`, { method: "DELETE", token: member.accessToken }))
        .status,
    ).toBe(403);
    expect((await api("/api/v2/tokens?scope=organization", { token: member.accessToken })).status).toBe(403);
    expect((await api("/api/v2/audit", { token: member.accessToken })).status).toBe(403);
    expect((await api("/api/v2/organization/invitations", { token: member.accessToken })).status).toBe(403);
    const members = await api("/api/v2/organization/members", { token: member.accessToken });
    expect(members.body.members.map((m: any) => m.userId)).toEqual(
      expect.arrayContaining([owner.userId, member.userId, other.userId]),
    );
  });

  it("let admins remove members but not the owner, and keep an owner always", async () => {
    const admin = await createUser();
    await join(owner, admin, "admin");
    const member = await createUser();
    await join(owner, member);
    expect(
      (await api(`/api/v2/organization/members/${owner.userId}`, { method: "DELETE", token: admin.accessToken }))
        .status,
    ).toBe(403);
    expect(
      (
        await api(`/api/v2/organization/members/${admin.userId}`, {
          method: "PATCH",
          token: admin.accessToken,
          body: { role: "owner" },
        })
      ).status,
    ).toBe(403);
    expect(
      (await api(`/api/v2/organization/members/${member.userId}`, { method: "DELETE", token: admin.accessToken }))
        .status,
    ).toBe(200);

    const leaving = await api(`/api/v2/organization/members/${owner.userId}`, {
      method: "DELETE",
      token: owner.accessToken,
    });
    expect(leaving.status).toBe(409);
    const demote = await api(`/api/v2/organization/members/${owner.userId}`, {
      method: "PATCH",
      token: owner.accessToken,
      body: { role: "member" },
    });
    expect(demote.status).toBe(409);
    expect(demote.body.error.message).toContain("always keeps an owner");
    const promoted = await api(`/api/v2/organization/members/${admin.userId}`, {
      method: "PATCH",
      token: owner.accessToken,
      body: { role: "owner" },
    });
    expect(promoted.body.role).toBe("owner");
  });
});

describe("removal and switching", () => {
  it("revokes every token a removed member holds in the organization at once, and only there", async () => {
    const member = await createUser();
    const own = await createApiToken(member); // in the member's own organization
    await join(owner, member);
    const teamToken = await createApiToken(member);
    expect((await rawMcp(toolCall("whoami"), { token: teamToken.token })).status).toBe(200);

    const removed = await api(`/api/v2/organization/members/${member.userId}`, {
      method: "DELETE",
      token: owner.accessToken,
    });
    expect(removed.body).toMatchObject({ revokedTokens: 1 });
    expect((await rawMcp(toolCall("whoami"), { token: teamToken.token })).status).toBe(401);
    expect((await rawMcp(toolCall("whoami"), { token: own.token })).status).toBe(200);
    // Back in their own organization.
    const orgs = await api("/api/v2/organizations", { token: member.accessToken });
    expect(orgs.body.organizations).toEqual([expect.objectContaining({ id: member.orgId, current: true })]);
  });

  it("makes each token belong to the organization it was made in", async () => {
    const member = await createUser();
    await join(owner, member);
    const inTeam = await createApiToken(member);
    const switched = await api("/api/v2/organizations/current", {
      method: "PUT",
      token: member.accessToken,
      body: { orgId: member.orgId },
    });
    expect(switched.body.organizations.find((o: any) => o.current).id).toBe(member.orgId);
    const inOwn = await createApiToken(member);
    expect(inTeam.orgId).toBe(owner.orgId);
    expect(inOwn.orgId).toBe(member.orgId);
    expect(
      (
        await api("/api/v2/organizations/current", {
          method: "PUT",
          token: member.accessToken,
          body: { orgId: "elsewhere" },
        })
      ).status,
    ).toBe(404);
  });
});
