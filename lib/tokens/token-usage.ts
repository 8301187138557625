import type { AccountUser } from "../auth/accounts";
import { db } from "../db/client";
import { DAY_MS, HOUR_MS } from "../time";
import { pageArgs, toPage } from "../db/paginate";
import { requireCursorInList } from "../pagination";
import { findTokenFor, tokensInScope } from "./find-token";
import { secretIds } from "./rotation-chain";
import { withDelegated } from "./delegation-chain";
import { originOf, PERSONAL } from "./token-view";
import type { Prisma } from "../db/types";
import type { RequestLogEntry, TokenScope, UsageCounts, UsageOutcome, UsageWindow } from "./schemas";

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
  return { tokenId, window, ...(await usageOf({ id: { in: await usageIds(token) } }, window, now)) };
}

/**
 * Usage of every token in `scope` (the caller's own, or the organization's for owners and admins,
 * connected apps' and service accounts' included), with the secrets that made the most requests.
 */
export async function usageOverview(user: AccountUser, { window, scope }: { window: UsageWindow; scope: TokenScope }) {
  const tokens = tokensInScope(user, scope);
  // One moment for both, so the busiest tokens are counted over the very window the totals are.
  const now = new Date();
  const [usage, byToken] = await Promise.all([usageOf(tokens, window, now), busiestSecrets(tokens, window, now)]);
  return { window, scope, ...usage, byToken };
}

function windowStart(window: UsageWindow, now: Date) {
  const { buckets, size } = WINDOWS[window];
  const lastStart = Math.floor(now.getTime() / size) * size;
  return { firstStart: lastStart - (buckets - 1) * size, buckets, size };
}

const SUMS = { requests: true, succeeded: true, errors: true, denied: true, rateLimited: true } as const;
const countsOf = (sum: { [K in keyof UsageCounts]: number | null }): UsageCounts => ({
  requests: sum.requests ?? 0,
  succeeded: sum.succeeded ?? 0,
  errors: sum.errors ?? 0,
  denied: sum.denied ?? 0,
  rateLimited: sum.rateLimited ?? 0,
});

/**
 * Usage summed over the tokens `tokens` finds (a token's secrets, a connected app's access tokens,
 * everything a person holds): summed by the store per hour and per tool, so an overview of many
 * tokens reads a few hundred sums rather than every row. lastUsedAt is the latest of them.
 */
export async function usageOf(tokens: Prisma.ApiTokenWhereInput, window: UsageWindow, now = new Date()) {
  const { firstStart, buckets, size } = windowStart(window, now);
  const where = { token: tokens, hourStart: { gte: new Date(firstStart) } };
  const [byHour, byTool] = await Promise.all([
    db().tokenUsage.groupBy({ by: ["hourStart"], where, _sum: SUMS }),
    db().tokenUsage.groupBy({ by: ["tool"], where, _sum: SUMS }),
  ]);
  // Read after the sums: a flush writes rows and lastUsedAt in one transaction, so lastUsedAt read
  // second is never older than the counts it is shown with.
  const { _max } = await db().apiToken.aggregate({ where: tokens, _max: { lastUsedAt: true } });

  const series = Array.from({ length: buckets }, (_, i) => ({
    start: new Date(firstStart + i * size).toISOString(),
    ...zeroCounts(),
  }));
  for (const row of byHour) {
    const bucket = series[Math.floor((row.hourStart.getTime() - firstStart) / size)];
    if (bucket) add(bucket, countsOf(row._sum));
  }
  const tools = byTool.map((row) => ({ tool: row.tool, ...countsOf(row._sum) }));
  const totals = zeroCounts();
  for (const tool of tools) add(totals, tool);
  return {
    lastUsedAt: _max.lastUsedAt?.toISOString() ?? null,
    totals,
    series,
    byTool: tools.sort((a, b) => b.requests - a.requests || a.tool.localeCompare(b.tool)),
  };
}

/** The ten secrets with the most requests in the window, with their tokens' names. */
async function busiestSecrets(tokens: Prisma.ApiTokenWhereInput, window: UsageWindow, now: Date) {
  const { firstStart } = windowStart(window, now);
  const sums = await db().tokenUsage.groupBy({
    by: ["tokenId"],
    where: { token: tokens, hourStart: { gte: new Date(firstStart) } },
    _sum: SUMS,
    orderBy: [{ _sum: { requests: "desc" } }, { tokenId: "asc" }],
    take: 10,
  });
  const names = new Map(
    (
      await db().apiToken.findMany({
        where: { id: { in: sums.map((row) => row.tokenId) } },
        select: {
          id: true,
          name: true,
          hint: true,
          grantId: true,
          serviceClientId: true,
          trustPolicyId: true,
          delegatedFromId: true,
        },
      })
    ).map((token) => [token.id, token]),
  );
  return sums.map((row) => ({
    tokenId: row.tokenId,
    name: names.get(row.tokenId)?.name ?? "",
    hint: names.get(row.tokenId)?.hint ?? "",
    origin: originOf(names.get(row.tokenId) ?? PERSONAL),
    ...countsOf(row._sum),
  }));
}

/** A token's usage is its own across its secrets, and that of the tokens handed on from them. */
const usageIds = async (token: { id: string; rotatedFromId: string | null }) => withDelegated(await secretIds(token));

/** Which calls a request log shows, and a page of them. */
export type RequestLogQuery = { cursor?: string; limit: number; outcome?: UsageOutcome; tool?: string };

/** The per-request log of one token across its secrets, newest first (owners and admins: any of the organization's). */
export async function tokenRequestLog(user: AccountUser, tokenId: string, query: RequestLogQuery) {
  const token = await findTokenFor(user, tokenId, { orgWide: true });
  return { tokenId, ...(await requestLogOf({ id: { in: await usageIds(token) } }, query)) };
}

/** The calls made with every token in `scope`, newest first, as filtered. */
export async function requestOverview(user: AccountUser, { scope, ...query }: RequestLogQuery & { scope: TokenScope }) {
  return { scope, ...(await requestLogOf(tokensInScope(user, scope), query)) };
}

/** The calls made with the tokens `tokens` finds (a token's secrets, a connected app's access tokens), newest first, as filtered. */
export async function requestLogOf(
  tokens: Prisma.ApiTokenWhereInput,
  { cursor, limit, outcome, tool }: RequestLogQuery,
) {
  const where = { token: tokens, ...(outcome && { outcome }), ...(tool && { tool }) };
  await requireCursorInList(cursor, (id) =>
    db().usageEvent.findFirst({ where: { id, ...where }, select: { id: true } }),
  );
  const rows = await db().usageEvent.findMany({
    where,
    orderBy: [{ at: "desc" }, { id: "desc" }],
    include: { token: { select: { hint: true, name: true, workload: true, delegatedFromId: true } } },
    ...pageArgs(limit, cursor),
  });
  const { page, nextCursor } = toPage(rows, limit);
  const requests: RequestLogEntry[] = page.map((row) => ({
    id: row.id,
    at: row.at.toISOString(),
    tool: row.tool,
    outcome: row.outcome as UsageOutcome,
    status: row.status,
    reason: row.reason,
    durationMs: row.durationMs,
    clientName: row.clientName,
    clientAddress: row.clientAddress,
    secret: { id: row.tokenId, hint: row.token.hint, name: row.token.name },
    workload: row.token.workload ? (JSON.parse(row.token.workload) as Record<string, string>) : null,
    delegatedFrom: row.token.delegatedFromId,
  }));
  return { requests, nextCursor };
}
