import { raiseFlag } from "../activity/flags";
import { recordAuditEvent } from "../audit/record-audit-event";
import { keywaySignedClaims } from "../auth/jwt";
import { SECRET_PREFIXES } from "../auth/secret-format";
import { hashSecret } from "../auth/secret-hash";
import { endSession } from "../auth/sessions";
import { USER_ACCESS_TOKEN_TYPE } from "../auth/user-access-token";
import { db } from "../db/client";
import { log } from "../log";
import { revokeGrantIn } from "./revoke-holdings";

// A secret Keyway issued, seen where it should not be (a public repository, a paste, a log): it
// stops at once, whatever it is, its organization's owners are told (the audit trail, an activity
// flag on a token, the signed webhook), and nothing says so to whoever reported it beyond "it was
// Keyway's". Possession is proof enough: whoever holds a secret may end it.

/** Who reported the leak and where they saw it. */
export type LeakOrigin = {
  reporter: "github" | "person";
  /** Where it was found (GitHub's `url`), when said. */
  url?: string | null;
  /** GitHub's `source` (content, commit, issue_comment, ...), when said. */
  source?: string | null;
  clientAddress?: string | null;
};

const describe = (origin: LeakOrigin) =>
  origin.reporter === "github"
    ? `leaked: reported by GitHub secret scanning${origin.url ? ` (${origin.url})` : ""}`
    : "leaked: reported by someone who found it";

/**
 * Ends what `secret` grants if Keyway issued it: an API or OAuth access token is revoked, a user
 * access token's session ends, a refresh token's grant is revoked, a client secret stops (its
 * owner issues a new one), an invitation is withdrawn. True when the secret was Keyway's (revoked
 * now or before); false for anything else, which changes nothing.
 */
export async function endLeakedSecret(secret: string, origin: LeakOrigin): Promise<boolean> {
  const hash = hashSecret(secret);
  const reason = describe(origin);
  const audit = (orgId: string | null, targetType: string, targetId: string) => ({
    orgId,
    actorUserId: null,
    clientAddress: origin.clientAddress ?? null,
    action: "secret.leak_reported" as const,
    targetType,
    targetId,
    metadata: { reporter: origin.reporter, url: origin.url ?? null, source: origin.source ?? null },
  });

  if (secret.startsWith(SECRET_PREFIXES.refresh)) {
    const row = await db().oAuthRefreshToken.findUnique({ where: { id: hash }, include: { grant: true } });
    if (!row) return false;
    if (row.grant.revokedAt) return true;
    await db().$transaction(async (tx) => {
      await revokeGrantIn(tx, row.grant, reason);
      await recordAuditEvent(tx, audit(row.grant.orgId, "oauth_grant", row.grant.id));
    });
    return reported("oauth_grant", row.grant.id);
  }
  if (secret.startsWith(SECRET_PREFIXES.serviceClient) || secret.startsWith(SECRET_PREFIXES.enterpriseClient)) {
    const service = await db().serviceClient.findFirst({ where: { secretHash: hash } });
    if (service) {
      await db().$transaction(async (tx) => {
        await tx.serviceClient.update({ where: { id: service.id }, data: { secretHash: null } });
        await recordAuditEvent(tx, audit(service.orgId, "service_client", service.id));
      });
      return reported("service_client", service.id);
    }
    const enterprise = await db().oAuthClient.findFirst({ where: { secretHash: hash } });
    if (!enterprise) return false;
    await db().$transaction(async (tx) => {
      await tx.oAuthClient.update({ where: { id: enterprise.id }, data: { secretHash: null } });
      await recordAuditEvent(tx, audit(enterprise.orgId, "enterprise_client", enterprise.id));
    });
    return reported("enterprise_client", enterprise.id);
  }
  if (secret.startsWith(SECRET_PREFIXES.invitation)) {
    const invitation = await db().invitation.findUnique({ where: { secretHash: hash } });
    if (!invitation) return false;
    if (invitation.revokedAt || invitation.acceptedAt) return true;
    await db().$transaction(async (tx) => {
      await tx.invitation.update({ where: { id: invitation.id }, data: { revokedAt: new Date() } });
      await recordAuditEvent(tx, audit(invitation.orgId, "invitation", invitation.id));
    });
    return reported("invitation", invitation.id);
  }

  // A JWT: whatever Keyway signed, before the recognisable header too.
  const claims = await keywaySignedClaims(secret);
  if (!claims) return false;
  if (claims.typ === USER_ACCESS_TOKEN_TYPE) {
    await endSession(claims.sid);
    return reported("user_access_token", String(claims.sid ?? ""));
  }
  if (typeof claims.jti !== "string") return false;
  const token = await db().apiToken.findUnique({ where: { id: claims.jti } });
  if (!token || token.tokenHash !== hash) return false;
  // Ended before (a report sent again, or revoked by its holder): nothing more to do or to say.
  if (token.revokedAt) return true;
  await db().$transaction(async (tx) => {
    await tx.apiToken.update({ where: { id: token.id }, data: { revokedAt: new Date(), revokedReason: reason } });
    await recordAuditEvent(tx, audit(token.orgId, "api_token", token.id));
  });
  await raiseFlag(token.id, "leak_reported", { reporter: origin.reporter, url: origin.url ?? null });
  return reported("api_token", token.id);
}

function reported(kind: string, id: string): true {
  log("warn", "secret.leak_reported", { kind, id });
  return true;
}
