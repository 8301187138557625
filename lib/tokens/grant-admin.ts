import { recordAuditEvent } from "../audit/record-audit-event";
import { db } from "../db/client";

/**
 * Gives a user `mcp:admin` on every token they hold (all tools, still inside their organization).
 * Deliberately reachable only from the command line (`npm run admin:grant`), never over HTTP.
 */
export async function grantAdmin(email: string, revoke = false) {
  const client = db();
  const user = await client.user.findUnique({
    where: { email: email.trim().toLowerCase() },
    include: { memberships: true },
  });
  if (!user) return null;
  // The first statement writes: on SQLite the transaction takes the write lock up front, so it
  // waits for a running server's writes instead of failing on a read-then-write upgrade.
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { mcpAdmin: !revoke } });
    for (const membership of user.memberships) {
      await recordAuditEvent(tx, {
        orgId: membership.orgId,
        actorUserId: null,
        action: "admin.granted",
        targetType: "user",
        targetId: user.id,
        metadata: { email: user.email, mcpAdmin: !revoke, via: "cli" },
      });
    }
  });
  return user;
}
