import { recordUserAction } from "../audit/record-audit-event";
import { joinOrganization, type AccountUser, type JoinOnSignUp } from "../auth/accounts";
import type { Role } from "../auth/roles";
import { hashSecret } from "../auth/secret-hash";
import { config } from "../config";
import { db } from "../db/client";
import type { Invitation, Prisma } from "../db/types";
import { DomainError } from "../errors";
import { DAY_MS } from "../time";
import type { InvitationView } from "./schemas";
import { newSecret } from "../auth/secret-format";

// Invitations: Keyway sends no mail, so the inviter gets a single-use link to pass on. It works
// once, for the invited address only, for seven days.
export const INVITATION_LIFETIME_MS = 7 * DAY_MS;

function statusOf(invitation: Invitation, now = Date.now()): InvitationView["status"] {
  if (invitation.acceptedAt) return "accepted";
  if (invitation.revokedAt) return "revoked";
  return invitation.expiresAt.getTime() <= now ? "expired" : "pending";
}

function toView(invitation: Invitation): InvitationView {
  return {
    id: invitation.id,
    email: invitation.email,
    role: invitation.role as Role,
    status: statusOf(invitation),
    createdAt: invitation.createdAt.toISOString(),
    expiresAt: invitation.expiresAt.toISOString(),
  };
}

export async function createInvitation(user: AccountUser, input: { email: string; role: "admin" | "member" }) {
  const existing = await db().membership.findFirst({ where: { orgId: user.orgId, user: { email: input.email } } });
  if (existing) throw new DomainError("conflict", "This person is already a member of the organization.");
  const secret = newSecret("invitation");
  const invitation = await db().$transaction(async (tx) => {
    const created = await tx.invitation.create({
      data: {
        orgId: user.orgId,
        email: input.email,
        role: input.role,
        secretHash: hashSecret(secret),
        invitedById: user.id,
        expiresAt: new Date(Date.now() + INVITATION_LIFETIME_MS),
      },
    });
    await recordUserAction(tx, user, {
      action: "invitation.created",
      targetType: "invitation",
      targetId: created.id,
      metadata: { email: input.email, role: input.role },
    });
    return created;
  });
  return { ...toView(invitation), url: `${config().appUrl}/invite/${secret}` };
}

export async function listInvitations(user: AccountUser) {
  const rows = await db().invitation.findMany({
    where: { orgId: user.orgId },
    orderBy: { createdAt: "desc" },
    take: 200,
  });
  return { invitations: rows.map(toView) };
}

export async function revokeInvitation(user: AccountUser, id: string) {
  const invitation = await db().invitation.findFirst({ where: { id, orgId: user.orgId } });
  if (!invitation) throw new DomainError("not_found", "No invitation with this id.");
  if (statusOf(invitation) !== "pending") return toView(invitation);
  return db().$transaction(async (tx) => {
    const row = await tx.invitation.update({ where: { id }, data: { revokedAt: new Date() } });
    await recordUserAction(tx, user, {
      action: "invitation.revoked",
      targetType: "invitation",
      targetId: id,
      metadata: { email: row.email },
    });
    return toView(row);
  });
}

/** What the invitation page shows before anyone is signed in: which organization, for whom, and whether it still works. */
export async function describeInvitation(secret: string) {
  const invitation = await db().invitation.findUnique({
    where: { secretHash: hashSecret(secret) },
    include: { org: { select: { name: true } } },
  });
  if (!invitation) return null;
  return {
    organization: invitation.org.name,
    email: invitation.email,
    role: invitation.role as Role,
    status: statusOf(invitation),
  };
}

/** A pending invitation for `email`, or the reason it cannot be used. */
async function usableInvitation(secret: string, email: string) {
  const invitation = await db().invitation.findUnique({ where: { secretHash: hashSecret(secret) } });
  if (!invitation) throw new DomainError("not_found", "This invitation link is not valid.");
  const status = statusOf(invitation);
  if (status !== "pending")
    throw new DomainError("conflict", `This invitation has been ${status === "accepted" ? "used already" : status}.`);
  if (invitation.email !== email.toLowerCase()) {
    throw new DomainError(
      "forbidden",
      `This invitation is for ${invitation.email}; sign in with that address to accept it.`,
    );
  }
  return invitation;
}

/** Uses the invitation in the caller's transaction: the user becomes a member and acts in that organization. */
async function joinThrough(
  tx: Prisma.TransactionClient,
  invitation: Invitation,
  user: { id: string },
  clientAddress: string | null,
) {
  // Single use even when two tabs accept at once: the conditional update lets one through.
  const claimed = await tx.invitation.updateMany({
    where: { id: invitation.id, acceptedAt: null, revokedAt: null },
    data: { acceptedAt: new Date(), acceptedById: user.id },
  });
  if (claimed.count === 0) throw new DomainError("conflict", "This invitation has been used already.");
  await joinOrganization(tx, {
    userId: user.id,
    orgId: invitation.orgId,
    role: invitation.role as Role,
    clientAddress,
    via: { via: "invitation", invitationId: invitation.id },
  });
  await tx.user.update({ where: { id: user.id }, data: { currentOrgId: invitation.orgId } });
  return tx.organization.findUniqueOrThrow({ where: { id: invitation.orgId }, select: { id: true, name: true } });
}

/** The signed-in user joins through the link: once, before it expires, with the invited address. */
export async function acceptInvitation(
  user: { id: string; email: string; clientAddress?: string | null; ssoOrgId?: string | null },
  secret: string,
) {
  const invitation = await usableInvitation(secret, user.email);
  // A session an organization's provider opened acts for that organization only: joining another
  // takes the person's own sign-in (lib/auth/accounts.ts `reaches`).
  if (user.ssoOrgId && user.ssoOrgId !== invitation.orgId) {
    throw new DomainError(
      "forbidden",
      "You signed in through your organization's single sign-on, which acts for that organization only: sign in with your own password to accept this invitation.",
    );
  }
  await db().$transaction((tx) => joinThrough(tx, invitation, user, user.clientAddress ?? null));
  return { orgId: invitation.orgId, role: invitation.role as Role };
}

/** A sign-up through the link: checked first, then used in the new account's own transaction. */
export async function joinOnSignUp(secret: string, email: string, clientAddress: string | null): Promise<JoinOnSignUp> {
  const invitation = await usableInvitation(secret, email);
  return (tx, user) => joinThrough(tx, invitation, user, clientAddress);
}
