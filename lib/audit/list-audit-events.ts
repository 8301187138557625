import { db } from "../db/client";
import { pageArgs, toPage } from "../db/paginate";
import { requireCursorInList } from "../pagination";

export async function listAuditEvents({ orgId, cursor, limit }: { orgId: string; cursor?: string; limit: number }) {
  await requireCursorInList(cursor, (id) => db().auditEvent.findFirst({ where: { id, orgId }, select: { id: true } }));
  const rows = await db().auditEvent.findMany({
    where: { orgId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    ...pageArgs(limit, cursor),
  });
  const { page, nextCursor } = toPage(rows, limit);
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
    nextCursor,
  };
}
