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
  // A batch whose first statement writes: on SQLite it takes the write lock up front, so it waits
  // for a running server's writes instead of failing on a read-then-write upgrade.
  await client.$transaction([
    client.user.update({ where: { id: user.id }, data: { mcpAdmin: !revoke } }),
    client.auditEvent.createMany({
      data: user.memberships.map((membership) => ({
        orgId: membership.orgId,
        actorUserId: null,
        action: "admin.granted",
        targetType: "user",
        targetId: user.id,
        metadata: JSON.stringify({ email: user.email, mcpAdmin: !revoke, via: "cli" }),
      })),
    }),
  ]);
  return user;
}
