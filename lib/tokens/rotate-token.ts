import { DomainError } from "../errors";
import type { AccountUser } from "../auth/accounts";
import { recordAuditEvent } from "../audit/record-audit-event";
import { tokenTransaction } from "./token-epochs";
import { findTokenFor } from "./find-token";
import { checkTokenPolicy } from "./policy";
import { DAY_MS } from "../time";
import { daysBetween, issueToken } from "./issue-token";
import { toTokenView, parseStoredScopes } from "./token-view";

/**
 * Issues a successor with the same name, scopes and rate limit and a fresh expiry (the original
 * lifetime unless given), and revokes the old token as `rotated`. Only the owner of a token may
 * rotate it, since rotation hands out a secret.
 */
export async function rotateToken(user: AccountUser, id: string, options: { expiresInDays?: number } = {}) {
  const old = await findTokenFor(user, id);
  if (old.approval !== "approved")
    throw new DomainError("conflict", "A token waiting for approval, or denied, cannot be rotated.");
  const expiresInDays = options.expiresInDays ?? daysBetween(old.createdAt, old.expiresAt);
  // The successor keeps today's policy (a shorter expiry may be asked for in the same call).
  await checkTokenPolicy(user, {
    scopes: parseStoredScopes(old.scopes),
    expiresInDays,
    rateLimitPerHour: old.rateLimitPerHour,
    allowedAddresses: old.allowedAddresses ? old.allowedAddresses.split(" ") : [],
  });
  return tokenTransaction(async (tx, changed) => {
    changed(old.userId);
    // The conditional update makes concurrent rotations of one token produce one successor.
    const now = new Date();
    const claimed = await tx.apiToken.updateMany({
      where: { id: old.id, revokedAt: null },
      data: { revokedAt: now, revokedReason: "rotated" },
    });
    if (claimed.count === 0) throw new DomainError("conflict", "This token is revoked and cannot be rotated.");
    const { row, token } = await issueToken(tx, {
      userId: old.userId,
      orgId: old.orgId,
      name: old.name,
      scopes: parseStoredScopes(old.scopes),
      rateLimitPerHour: old.rateLimitPerHour,
      lifetimeMs: expiresInDays * DAY_MS,
      rotatedFromId: old.id,
      allowedAddresses: old.allowedAddresses ? old.allowedAddresses.split(" ") : [],
    });
    await recordAuditEvent(tx, {
      orgId: old.orgId,
      actorUserId: user.id,
      clientAddress: user.clientAddress,
      action: "token.rotated",
      targetType: "api_token",
      targetId: old.id,
      metadata: { newTokenId: row.id },
    });
    return { ...toTokenView(row), token };
  });
}
