import type { Prisma } from "../db/types";

export type AuditAction = "token.created" | "token.rotated" | "token.revoked" | "token.updated" | "admin.granted";

/** Records who did what to which object; called inside the transaction of the change itself. */
export async function recordAuditEvent(
  tx: Prisma.TransactionClient,
  event: {
    orgId: string;
    actorUserId: string | null;
    action: AuditAction;
    targetType: string;
    targetId: string;
    metadata?: Record<string, unknown>;
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
    },
  });
}
