import type { Prisma } from "../db/types";

export type AuditAction =
  | "token.created"
  | "token.rotated"
  | "token.revoked"
  | "token.updated"
  | "admin.granted"
  | "oauth.client_registered"
  | "oauth.client_deleted"
  | "oauth.consent_granted"
  | "oauth.consent_denied"
  | "oauth.token_issued"
  | "oauth.token_refreshed"
  | "oauth.refresh_reuse_detected"
  | "oauth.code_reuse_detected"
  | "oauth.token_revoked"
  | "oauth.grant_revoked"
  | "auth.signed_in"
  | "auth.sign_in_failed"
  | "member.joined"
  | "member.left"
  | "member.removed"
  | "member.role_changed"
  | "invitation.created"
  | "invitation.revoked"
  | "policy.updated"
  | "token.approved"
  | "token.denied"
  | "service_account.created"
  | "service_account.updated"
  | "service_account.disabled"
  | "service_account.enabled"
  | "service_account.deleted"
  | "service_account.client_created"
  | "service_account.client_secret_rotated"
  | "service_account.client_deleted"
  | "service_account.trust_created"
  | "service_account.trust_updated"
  | "service_account.trust_deleted"
  | "service_account.workload_refused"
  | "token.delegated"
  | "oauth.app_approval_requested"
  | "oauth.app_approved"
  | "oauth.app_approval_withdrawn"
  | "sso.configured"
  | "sso.removed"
  | "auth.sso_signed_in"
  | "auth.sso_sign_in_refused"
  | "auth.sso_identity_linked"
  | "sso.domain_proven"
  | "sso.domain_proof_failed"
  | "server.registered"
  | "server.updated"
  | "server.removed"
  | "auth.second_factor_enabled"
  | "auth.second_factor_disabled"
  | "auth.recovery_code_used"
  | "auth.second_factor_reset"
  | "activity.flag_dismissed"
  | "secret.leak_reported";

/** Records who did what to which object; called inside the transaction of the change itself. */
export async function recordAuditEvent(
  tx: Prisma.TransactionClient,
  event: {
    /** Null for deployment-wide events (an OAuth client registering belongs to no organization). */
    orgId: string | null;
    actorUserId: string | null;
    action: AuditAction;
    targetType: string;
    targetId: string;
    metadata?: Record<string, unknown>;
    /** The address the actor's request came from, when there was a request. */
    clientAddress?: string | null;
  },
) {
  await tx.auditEvent.create({
    data: {
      orgId: event.orgId,
      actorUserId: event.actorUserId,
      action: event.action,
      targetType: event.targetType,
      targetId: event.targetId,
      metadata: JSON.stringify(event.metadata ?? {}),
      clientAddress: event.clientAddress ?? null,
    },
  });
}

/** What a signed-in person did in their organization, from the address of their request. */
export function recordUserAction(
  tx: Prisma.TransactionClient,
  user: { id: string; orgId: string; clientAddress?: string | null },
  event: { action: AuditAction; targetType: string; targetId: string; metadata?: Record<string, unknown> },
) {
  return recordAuditEvent(tx, { ...event, orgId: user.orgId, actorUserId: user.id, clientAddress: user.clientAddress });
}
