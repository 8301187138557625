import type { AccountUser } from "../auth/accounts";
import { recordAuditEvent } from "../audit/record-audit-event";
import { announceTokenChanges, tokenTransaction } from "./token-epochs";
import { findTokenFor } from "./find-token";
import { toTokenView } from "./token-view";

/**
 * Revokes a token (idempotent: a repeat announces it again, so a revocation whose announcement
 * failed is confirmed by retrying). Owners and admins may revoke any token of their organization.
 */
export async function revokeToken(user: AccountUser, id: string) {
  const token = await findTokenFor(user, id, { orgWide: true });
  if (token.revokedAt) {
    await announceTokenChanges([token.userId]);
    return toTokenView(token);
  }
  const reason = token.userId === user.id ? "revoked by owner" : `revoked by organization ${user.role}`;
  return tokenTransaction(async (tx, changed) => {
    changed(token.userId);
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
    return toTokenView(await tx.apiToken.findUniqueOrThrow({ where: { id } }));
  });
}
