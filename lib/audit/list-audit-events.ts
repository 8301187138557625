import { exportLines, type ExportFormat } from "../export";
import { db } from "../db/client";
import { pageArgs, toPage } from "../db/paginate";
import type { Prisma } from "../db/types";
import { requireCursorInList } from "../pagination";
import type { AuditEventView, AuditFilter } from "./schemas";

function whereOf(orgId: string, filter: AuditFilter): Prisma.AuditEventWhereInput {
  return {
    orgId,
    ...(filter.actor && { actorUserId: filter.actor }),
    ...(filter.target && { targetId: filter.target }),
    ...(filter.action &&
      (filter.action.endsWith(".") ? { action: { startsWith: filter.action } } : { action: filter.action })),
    ...((filter.from || filter.to) && {
      createdAt: { ...(filter.from && { gte: new Date(filter.from) }), ...(filter.to && { lt: new Date(filter.to) }) },
    }),
  };
}

type Row = Prisma.AuditEventGetPayload<object>;

const idsOf = (rows: Row[], type: string) => [
  ...new Set(rows.filter((row) => row.targetType === type).map((row) => row.targetId)),
];

/** Names for the objects events point at, one query per kind: ids stay in the event (and exports). */
async function targetNames(rows: Row[]): Promise<Map<string, string>> {
  const client = db();
  const [tokens, users, grants, clients, invitations, serviceAccounts] = await Promise.all([
    client.apiToken.findMany({ where: { id: { in: idsOf(rows, "api_token") } }, select: { id: true, name: true } }),
    client.user.findMany({ where: { id: { in: idsOf(rows, "user") } }, select: { id: true, email: true } }),
    client.oAuthGrant.findMany({
      where: { id: { in: idsOf(rows, "oauth_grant") } },
      select: { id: true, client: { select: { name: true } } },
    }),
    client.oAuthClient.findMany({
      where: { id: { in: idsOf(rows, "oauth_client") } },
      select: { id: true, name: true },
    }),
    client.invitation.findMany({ where: { id: { in: idsOf(rows, "invitation") } }, select: { id: true, email: true } }),
    client.user.findMany({ where: { id: { in: idsOf(rows, "service_account") } }, select: { id: true, name: true } }),
  ]);
  return new Map([
    ...tokens.map((row) => [`api_token:${row.id}`, row.name] as const),
    ...users.map((row) => [`user:${row.id}`, row.email] as const),
    ...grants.map((row) => [`oauth_grant:${row.id}`, row.client.name] as const),
    ...clients.map((row) => [`oauth_client:${row.id}`, row.name] as const),
    ...invitations.map((row) => [`invitation:${row.id}`, row.email] as const),
    ...serviceAccounts.map((row) => [`service_account:${row.id}`, row.name ?? ""] as const),
  ]);
}

async function views(rows: Row[]): Promise<AuditEventView[]> {
  const actorIds = [...new Set(rows.flatMap((row) => (row.actorUserId ? [row.actorUserId] : [])))];
  const [actorRows, names] = await Promise.all([
    db().user.findMany({ where: { id: { in: actorIds } }, select: { id: true, email: true } }),
    targetNames(rows),
  ]);
  const actors = new Map(actorRows.map((u) => [u.id, u.email]));
  return rows.map((event) => ({
    id: event.id,
    action: event.action,
    actorUserId: event.actorUserId,
    actorEmail: event.actorUserId ? (actors.get(event.actorUserId) ?? null) : null,
    targetType: event.targetType,
    targetId: event.targetId,
    targetName: names.get(`${event.targetType}:${event.targetId}`) ?? null,
    metadata: JSON.parse(event.metadata) as Record<string, unknown>,
    clientAddress: event.clientAddress,
    createdAt: event.createdAt.toISOString(),
  }));
}

const newestFirst = [{ createdAt: "desc" }, { id: "desc" }] satisfies Prisma.AuditEventOrderByWithRelationInput[];

export async function listAuditEvents(
  orgId: string,
  { cursor, limit, ...filter }: AuditFilter & { cursor?: string; limit: number },
) {
  const where = whereOf(orgId, filter);
  await requireCursorInList(cursor, (id) =>
    db().auditEvent.findFirst({ where: { ...where, id }, select: { id: true } }),
  );
  const rows = await db().auditEvent.findMany({ where, orderBy: newestFirst, ...pageArgs(limit, cursor) });
  const { page, nextCursor } = toPage(rows, limit);
  return { events: await views(page), nextCursor };
}

/** Every matching event, newest first, a page at a time, for exports of any size. */
export async function* allAuditEvents(orgId: string, filter: AuditFilter): AsyncGenerator<AuditEventView> {
  const where = whereOf(orgId, filter);
  let cursor: string | undefined;
  for (;;) {
    const rows = await db().auditEvent.findMany({ where, orderBy: newestFirst, ...pageArgs(500, cursor) });
    const { page, nextCursor } = toPage(rows, 500);
    yield* await views(page);
    if (!nextCursor) return;
    cursor = nextCursor;
  }
}

const CSV_COLUMNS = [
  "createdAt",
  "action",
  "actorUserId",
  "actorEmail",
  "clientAddress",
  "targetType",
  "targetId",
  "targetName",
  "metadata",
] as const;

/** The export as text lines: CSV with a header row, or JSON Lines (one event per line). */
export function auditExportLines(orgId: string, filter: AuditFilter, format: ExportFormat) {
  return exportLines(allAuditEvents(orgId, filter), CSV_COLUMNS, format);
}
