import { metrics } from "../metrics/metrics";
import type { Prisma } from "../db/types";

// What a member holds in an organization, and its revocation: personal tokens, apps connected
// through OAuth (their access tokens and refresh chains) and authorization codes not yet
// exchanged. Removing a member and every OAuth revocation go through here, in the caller's
// transaction (the store announces the change to every instance once it commits).

/** Revokes a grant, its access tokens and its refresh tokens in the caller's transaction. */
export async function revokeGrantIn(
  tx: Prisma.TransactionClient,
  grant: { id: string; userId: string },
  reason: string,
  now = new Date(),
) {
  const grantId = grant.id;
  metrics().oauthEvents.inc({ event: "revoked" });
  await tx.oAuthGrant.updateMany({
    where: { id: grantId, revokedAt: null },
    data: { revokedAt: now, revokedReason: reason },
  });
  await tx.apiToken.updateMany({
    where: { grantId, revokedAt: null },
    data: { revokedAt: now, revokedReason: reason },
  });
  await tx.oAuthRefreshToken.updateMany({ where: { grantId, usedAt: null }, data: { usedAt: now } });
}

/** Revokes everything the member holds in the organization (they left, or were removed). */
export async function revokeHoldings(
  tx: Prisma.TransactionClient,
  member: { userId: string; orgId: string },
  reason: string,
  now = new Date(),
) {
  const tokens = await tx.apiToken.updateMany({
    where: { userId: member.userId, orgId: member.orgId, revokedAt: null },
    data: { revokedAt: now, revokedReason: reason },
  });
  const grants = await tx.oAuthGrant.findMany({
    where: { userId: member.userId, orgId: member.orgId, revokedAt: null },
    select: { id: true, userId: true },
  });
  for (const grant of grants) await revokeGrantIn(tx, grant, reason, now);
  // A code not yet exchanged would otherwise become a grant in an organization they left.
  await tx.oAuthCode.deleteMany({ where: { userId: member.userId, orgId: member.orgId, usedAt: null } });
  return { tokens: tokens.count, apps: grants.length };
}

/**
 * Revokes the organization's live grants matching `where` (one app's; or, when the policy
 * narrows, every app it no longer allows), with their tokens and refresh chains.
 */
export async function revokeAppGrants(
  tx: Prisma.TransactionClient,
  orgId: string,
  where: Prisma.OAuthGrantWhereInput,
  reason: string,
) {
  const grants = await tx.oAuthGrant.findMany({
    where: { ...where, orgId, revokedAt: null },
    select: { id: true, userId: true },
  });
  for (const grant of grants) await revokeGrantIn(tx, grant, reason);
  return grants.length;
}
