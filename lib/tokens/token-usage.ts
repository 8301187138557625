import type { AccountUser } from "../auth/accounts";
import { db } from "../db/client";
import { DAY_MS, HOUR_MS } from "../time";
import { pageArgs, toPage } from "../db/paginate";
import { requireCursorInList } from "../pagination";
import { findTokenFor } from "./find-token";
import { secretIds } from "./rotation-chain";
import type { RequestLogEntry, UsageCounts, UsageWindow } from "./schemas";

const WINDOWS: Record<UsageWindow, { buckets: number; size: number }> = {
  "24h": { buckets: 24, size: HOUR_MS },
  "7d": { buckets: 7, size: DAY_MS },
  "30d": { buckets: 30, size: DAY_MS },
};

export const zeroCounts = (): UsageCounts => ({ requests: 0, succeeded: 0, errors: 0, denied: 0, rateLimited: 0 });

function add(into: UsageCounts, from: UsageCounts) {
  into.requests += from.requests;
  into.succeeded += from.succeeded;
  into.errors += from.errors;
  into.denied += from.denied;
  into.rateLimited += from.rateLimited;
}

/**
 * Usage of one token over a window, across its secrets (the ones it replaced by rotation too):
 * totals, a zero-filled series (hours or UTC days), and by tool.
 */
export async function tokenUsage(user: AccountUser, tokenId: string, window: UsageWindow, now = new Date()) {
  const token = await findTokenFor(user, tokenId, { orgWide: true });
  return { tokenId, window, ...(await usageOf(await secretIds(token), window, now)) };
}

/** Usage summed over several tokens (a connected app's access tokens); lastUsedAt is the latest. */
export async function usageOf(tokenIds: string[], window: UsageWindow, now = new Date()) {
  const { buckets, size } = WINDOWS[window];
  const lastStart = Math.floor(now.getTime() / size) * size;
  const firstStart = lastStart - (buckets - 1) * size;
  const rows = await db().tokenUsage.findMany({
    where: { tokenId: { in: tokenIds }, hourStart: { gte: new Date(firstStart) } },
  });
  // Read after the rows: a flush writes rows and lastUsedAt in one transaction, so lastUsedAt read
  // second is never older than the counts it is shown with.
  const { _max } = await db().apiToken.aggregate({ where: { id: { in: tokenIds } }, _max: { lastUsedAt: true } });

  const totals = zeroCounts();
  const series = Array.from({ length: buckets }, (_, i) => ({
    start: new Date(firstStart + i * size).toISOString(),
    ...zeroCounts(),
  }));
  const byTool = new Map<string, UsageCounts>();
  for (const row of rows) {
    add(totals, row);
    const bucket = series[Math.floor((row.hourStart.getTime() - firstStart) / size)];
    if (bucket) add(bucket, row);
    const tool = byTool.get(row.tool) ?? zeroCounts();
    add(tool, row);
    byTool.set(row.tool, tool);
  }
  return {
    lastUsedAt: _max.lastUsedAt?.toISOString() ?? null,
    totals,
    series,
    byTool: [...byTool]
      .map(([tool, counts]) => ({ tool, ...counts }))
      .sort((a, b) => b.requests - a.requests || a.tool.localeCompare(b.tool)),
  };
}

/** The per-request log of one token across its secrets, newest first (owners and admins: any of the organization's). */
export async function tokenRequestLog(user: AccountUser, tokenId: string, query: { cursor?: string; limit: number }) {
  const token = await findTokenFor(user, tokenId, { orgWide: true });
  return { tokenId, ...(await requestLogOf(await secretIds(token), query)) };
}

/** The calls made with any of `tokenIds` (a connected app's access tokens), newest first. */
export async function requestLogOf(tokenIds: string[], { cursor, limit }: { cursor?: string; limit: number }) {
  const where = { tokenId: { in: tokenIds } };
  await requireCursorInList(cursor, (id) =>
    db().usageEvent.findFirst({ where: { id, ...where }, select: { id: true } }),
  );
  const rows = await db().usageEvent.findMany({
    where,
    orderBy: [{ at: "desc" }, { id: "desc" }],
    include: { token: { select: { hint: true } } },
    ...pageArgs(limit, cursor),
  });
  const { page, nextCursor } = toPage(rows, limit);
  const requests: RequestLogEntry[] = page.map((row) => ({
    id: row.id,
    at: row.at.toISOString(),
    tool: row.tool,
    outcome: row.outcome as RequestLogEntry["outcome"],
    clientName: row.clientName,
    clientAddress: row.clientAddress,
    secret: { id: row.tokenId, hint: row.token.hint },
  }));
  return { requests, nextCursor };
}
