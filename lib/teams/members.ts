import { recordUserAction } from "../audit/record-audit-event";
import { reachableMembership, reaches, type AccountUser } from "../auth/accounts";
import { canRemove, type Role } from "../auth/roles";
import { db } from "../db/client";
import type { Prisma } from "../db/types";
import { DomainError } from "../errors";
import { revokeHoldings } from "../tokens/revoke-holdings";
import type { Member } from "./schemas";

// Members of an organization. An organization always keeps an owner; whoever leaves or is removed
// loses, at once, every token and connected app they hold in it.

export async function listOrganizations(user: AccountUser) {
  const memberships = await db().membership.findMany({
    where: { userId: user.id },
    select: reachableMembership,
    orderBy: { createdAt: "asc" },
  });
  return {
    organizations: memberships.map((m) => ({
      id: m.orgId,
      name: m.org.name,
      role: m.role as Role,
      current: m.orgId === user.orgId,
      reachable: reaches(m, user.ssoOrgId ?? null),
    })),
  };
}

/**
 * Makes `orgId` the organization the user acts in (their tokens and views follow), when this
 * sign-in reaches it: another organization's single sign-on, or a password where the organization
 * requires its own single sign-on, asks for that organization's own sign-in.
 */
export async function switchOrganization(user: AccountUser, orgId: string) {
  const membership = await db().membership.findUnique({
    where: { userId_orgId: { userId: user.id, orgId } },
    select: reachableMembership,
  });
  if (!membership) throw new DomainError("not_found", "You are not a member of that organization.");
  if (!reaches(membership, user.ssoOrgId ?? null)) {
    throw new DomainError(
      "forbidden",
      user.ssoOrgId
        ? `You signed in through your organization's single sign-on, which reaches that organization only: sign in with your own password (and second factor), or through ${membership.org.name}'s single sign-on, to reach ${membership.org.name}.`
        : `${membership.org.name} signs its members in through single sign-on: sign in through it to reach ${membership.org.name}.`,
    );
  }
  await db().user.update({ where: { id: user.id }, data: { currentOrgId: orgId } });
  return listOrganizations({ ...user, orgId });
}

/** The name of an organization the caller belongs to (their current one). */
export async function organizationName(orgId: string): Promise<string> {
  const organization = await db().organization.findUniqueOrThrow({ where: { id: orgId }, select: { name: true } });
  return organization.name;
}

export async function listMembers(user: AccountUser): Promise<{ members: Member[] }> {
  const rows = await db().membership.findMany({
    // People; the organization's service accounts have a page of their own.
    where: { orgId: user.orgId, user: { kind: "person" } },
    include: { user: { select: { email: true, name: true } } },
    orderBy: { createdAt: "asc" },
  });
  return {
    members: rows.map((m) => ({
      userId: m.userId,
      email: m.user.email,
      name: m.user.name,
      role: m.role as Role,
      joinedAt: m.createdAt.toISOString(),
    })),
  };
}

async function membershipOf(orgId: string, userId: string) {
  const membership = await db().membership.findFirst({ where: { userId, orgId, user: { kind: "person" } } });
  if (!membership) throw new DomainError("not_found", "No member with this id in your organization.");
  return membership;
}

async function requireAnotherOwner(tx: Prisma.TransactionClient, orgId: string, leaving: string) {
  const owners = await tx.membership.count({ where: { orgId, role: "owner", userId: { not: leaving } } });
  if (owners === 0) {
    throw new DomainError("conflict", "An organization always keeps an owner: make someone else owner first.");
  }
}

export async function changeRole(user: AccountUser, memberId: string, role: Role) {
  const target = await membershipOf(user.orgId, memberId);
  await db().$transaction(async (tx) => {
    if (target.role === "owner" && role !== "owner") await requireAnotherOwner(tx, user.orgId, memberId);
    await tx.membership.update({ where: { id: target.id }, data: { role } });
    await recordUserAction(tx, user, {
      action: "member.role_changed",
      targetType: "user",
      targetId: memberId,
      metadata: { from: target.role, to: role },
    });
  });
  return (await listMembers(user)).members.find((m) => m.userId === memberId)!;
}

/** Removes a member (or lets one leave) and revokes everything they hold in the organization. */
export async function removeMember(user: AccountUser, memberId: string) {
  const target = await membershipOf(user.orgId, memberId);
  if (!canRemove(user, { userId: memberId, role: target.role as Role })) {
    throw new DomainError(
      "forbidden",
      target.role === "member"
        ? "Only owners and admins can remove members."
        : `Only owners can remove an ${target.role}.`,
    );
  }
  const now = new Date();
  const reason = memberId === user.id ? "member left the organization" : "member removed from the organization";
  const revoked = await db().$transaction(async (tx) => {
    if (target.role === "owner") await requireAnotherOwner(tx, user.orgId, memberId);
    await tx.membership.delete({ where: { id: target.id } });
    const counts = await revokeHoldings(tx, { userId: memberId, orgId: user.orgId }, reason, now);
    await recordUserAction(tx, user, {
      action: memberId === user.id ? "member.left" : "member.removed",
      targetType: "user",
      targetId: memberId,
      metadata: { role: target.role, tokensRevoked: counts.tokens, appsRevoked: counts.apps },
    });
    return counts;
  });
  return { userId: memberId, revokedTokens: revoked.tokens, revokedApps: revoked.apps };
}
