import { db } from "../db/client";

export async function listAuditEvents({ orgId, cursor, limit }: { orgId: string; cursor?: string; limit: number }) {
  const rows = await db().auditEvent.findMany({
    where: { orgId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(cursor && { cursor: { id: cursor }, skip: 1 }),
  });
  const page = rows.slice(0, limit);
  return {
    events: page.map((event) => ({
      id: event.id,
      action: event.action,
      actorUserId: event.actorUserId,
      targetType: event.targetType,
      targetId: event.targetId,
      metadata: JSON.parse(event.metadata) as Record<string, unknown>,
      createdAt: event.createdAt.toISOString(),
    })),
    nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}
