import type { AccountUser } from "../auth/accounts";
import { db } from "../db/client";
import { recordAuditEvent } from "../audit/record-audit-event";
import { findTokenFor } from "./find-token";
import { toTokenView, WITH_HOLDER } from "./token-view";

/**
 * Revokes several tokens (the list's "Revoke selected"), each as `revokeToken` would. Every one is
 * checked before any is revoked, so an id the person may not revoke changes nothing at all.
 */
export async function revokeTokens(user: AccountUser, ids: readonly string[]) {
  const unique = [...new Set(ids)];
  for (const id of unique) await findTokenFor(user, id, { orgWide: true });
  const tokens = [];
  for (const id of unique) tokens.push(await revokeToken(user, id));
  return { tokens };
}

/**
 * Revokes a token. Idempotent: a repeat writes the same revocation again, which the store
 * announces to every instance again, so a revocation whose announcement failed (503) is confirmed
 * by retrying. Owners and admins may revoke any token of their organization.
 */
export async function revokeToken(user: AccountUser, id: string) {
  const token = await findTokenFor(user, id, { orgWide: true });
  if (token.revokedAt) {
    await db().apiToken.update({ where: { id }, data: { revokedAt: token.revokedAt } });
    return toTokenView(token);
  }
  const reason = token.userId === user.id ? "revoked by owner" : `revoked by organization ${user.role}`;
  return db().$transaction(async (tx) => {
    await tx.apiToken.updateMany({
      where: { id, revokedAt: null },
      data: { revokedAt: new Date(), revokedReason: reason },
    });
    await recordAuditEvent(tx, {
      orgId: token.orgId,
      actorUserId: user.id,
      clientAddress: user.clientAddress,
      action: "token.revoked",
      targetType: "api_token",
      targetId: id,
      metadata: { reason },
    });
    return toTokenView(await tx.apiToken.findUniqueOrThrow({ where: { id }, include: WITH_HOLDER }));
  });
}
