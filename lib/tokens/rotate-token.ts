import { DomainError } from "../errors";
import { db } from "../db/client";
import type { AccountUser } from "../auth/accounts";
import { recordAuditEvent } from "../audit/record-audit-event";
import { findTokenFor } from "./find-token";
import { checkTokenPolicy, policyHolder } from "./policy";
import { isUniqueViolation } from "../db/errors";
import { DAY_MS, HOUR_MS } from "../time";
import type { RotationOverlap } from "./schemas";
import { daysBetween, issueToken } from "./issue-token";
import { toTokenView, parseStoredScopes } from "./token-view";

const OVERLAP_MS: Record<RotationOverlap, number> = { none: 0, "1h": HOUR_MS, "1d": DAY_MS, "7d": 7 * DAY_MS };

/**
 * Issues a successor with the same name, scopes and rate limit and a fresh expiry (the original
 * lifetime unless given). The old token is revoked as `rotated` at once, or, with an overlap,
 * keeps working until the overlap ends (never past its own expiry or the policy's maximum), so a
 * deployment can pick up the new secret before the old one stops. Only the holder of a token may
 * rotate it, since rotation hands out a secret (a service account's, the owners and admins who
 * manage it); a token is rotated once.
 */
export async function rotateToken(
  user: AccountUser,
  id: string,
  options: { expiresInDays?: number; overlap?: RotationOverlap } = {},
) {
  const old = await findTokenFor(user, id);
  if (old.approval !== "approved")
    throw new DomainError("conflict", "A token waiting for approval, or denied, cannot be rotated.");
  const expiresInDays = options.expiresInDays ?? daysBetween(old.createdAt, old.expiresAt);
  const overlap = options.overlap ?? "none";
  // The successor keeps today's policy (a shorter expiry may be asked for in the same call).
  const { maxExpiryDays } = await checkTokenPolicy(policyHolder(user, old), {
    scopes: parseStoredScopes(old.scopes),
    expiresInDays,
    rateLimitPerHour: old.rateLimitPerHour,
    allowedAddresses: old.allowedAddresses ? old.allowedAddresses.split(" ") : [],
  });
  if (maxExpiryDays !== null && OVERLAP_MS[overlap] > maxExpiryDays * DAY_MS) {
    throw new DomainError(
      "validation_error",
      `overlap: your organization's policy allows at most ${maxExpiryDays} days`,
      {
        fields: { overlap: [`your organization's policy allows at most ${maxExpiryDays} days`] },
      },
    );
  }
  try {
    return await db().$transaction(async (tx) => {
      const now = new Date();
      const stopsAt = new Date(Math.min(old.expiresAt.getTime(), now.getTime() + OVERLAP_MS[overlap]));
      // The conditional update (and the unique successor link) make concurrent rotations of one
      // token produce one successor.
      const claimed = await tx.apiToken.updateMany({
        where: { id: old.id, revokedAt: null, expiresAt: { gt: now }, rotatedTo: { is: null } },
        data: overlap === "none" ? { revokedAt: now, revokedReason: "rotated" } : { expiresAt: stopsAt },
      });
      if (claimed.count === 0) {
        throw new DomainError("conflict", "This token is revoked, expired or already rotated, and cannot be rotated.");
      }
      const { row, token, resource } = await issueToken(tx, {
        userId: old.userId,
        orgId: old.orgId,
        name: old.name,
        // The same token, with a new secret: what it is for and who made it stay.
        description: old.description,
        createdById: old.createdById,
        scopes: parseStoredScopes(old.scopes),
        rateLimitPerHour: old.rateLimitPerHour,
        lifetimeMs: expiresInDays * DAY_MS,
        rotatedFromId: old.id,
        allowedAddresses: old.allowedAddresses ? old.allowedAddresses.split(" ") : [],
        // The successor reaches what the old token reached.
        server: old.serverId
          ? await tx.upstreamServer.findUniqueOrThrow({ where: { id: old.serverId }, select: { id: true, slug: true } })
          : null,
        tools: old.tools?.split(" ") ?? null,
      });
      await recordAuditEvent(tx, {
        orgId: old.orgId,
        actorUserId: user.id,
        clientAddress: user.clientAddress,
        action: "token.rotated",
        targetType: "api_token",
        targetId: old.id,
        metadata: { newTokenId: row.id, overlap, oldStopsAt: (overlap === "none" ? now : stopsAt).toISOString() },
      });
      return { ...toTokenView(row), token, resource, previous: { id: old.id, stopsAt: stopsAt.toISOString() } };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new DomainError("conflict", "This token is revoked, expired or already rotated, and cannot be rotated.");
    }
    throw error;
  }
}
