import type { z } from "zod";
import type { AccountUser } from "../auth/accounts";
import { recentFlagCounts } from "../activity/flags";
import { db } from "../db/client";
import { pageArgs, toPage } from "../db/paginate";
import { requireCursorInList } from "../pagination";
import type { Prisma } from "../db/types";
import { HOUR_MS } from "../time";
import { containsIgnoringCase } from "../db/text-search";
import type { listTokensQuerySchema, TOKEN_SORTS, TokenStatus } from "./schemas";
import { exportLines, type ExportFormat } from "../export";
import { PERSONAL, toTokenView, WITH_HOLDER } from "./token-view";
import { tokensInScope } from "./find-token";
import { acrossSecrets, idsAcross, rotationHistories } from "./rotation-chain";
import { audiences } from "../auth/jwt";

function statusFilter(status: TokenStatus | undefined, now: Date): Prisma.ApiTokenWhereInput {
  if (status === "revoked") return { revokedAt: { not: null } };
  if (status === "expired") return { revokedAt: null, expiresAt: { lte: now } };
  if (status === "active") return { revokedAt: null, expiresAt: { gt: now } };
  return {};
}

/**
 * What a search finds: the name, the holder's name or address (ignoring case), or the token's
 * last characters as the list shows them ("…Ab12").
 */
function searchFilter(q: string): Prisma.ApiTokenWhereInput[] {
  const tail = q.replace(/^(…|\.\.\.)/, "");
  return [
    { name: containsIgnoringCase(q) },
    { user: { OR: [{ name: containsIgnoringCase(q) }, { email: containsIgnoringCase(q) }] } },
    ...(tail ? [{ hint: { endsWith: tail } }] : []),
  ];
}

type Order = "asc" | "desc";
const ORDER_BY: Record<(typeof TOKEN_SORTS)[number], (order: Order) => Prisma.ApiTokenOrderByWithRelationInput[]> = {
  created: (order) => [{ createdAt: order }, { id: order }],
  name: (order) => [{ nameKey: order }, { id: order }],
  // Never-used tokens last, whichever way.
  lastUsed: (order) => [{ lastUsedAt: { sort: order, nulls: "last" } }, { id: order }],
  expires: (order) => [{ expiresAt: order }, { id: order }],
  rateLimit: (order) => [{ rateLimitPerHour: order }, { id: order }],
};
const DEFAULT_ORDER: Record<(typeof TOKEN_SORTS)[number], Order> = {
  created: "desc",
  name: "asc",
  lastUsed: "desc",
  expires: "asc",
  rateLimit: "desc",
};

/**
 * Newest first unless sorted otherwise; `scope=organization` lists every token of the
 * organization (owners and admins). A token replaced by rotation is part of its successor's
 * history rather than a row of its own, so a rotation never leaves two entries of one name.
 */
export async function listTokens(user: AccountUser, query: z.infer<typeof listTokensQuerySchema>) {
  const where: Prisma.ApiTokenWhereInput = {
    ...tokensInScope(user, query.scope),
    ...PERSONAL,
    ...statusFilter(query.status, new Date()),
    ...(query.approval && { approval: query.approval }),
    ...(query.q && { OR: searchFilter(query.q) }),
    rotatedTo: { is: null },
  };
  await requireCursorInList(query.cursor, (id) =>
    db().apiToken.findFirst({ where: { ...where, id }, select: { id: true } }),
  );
  const [rows, total] = await Promise.all([
    db().apiToken.findMany({
      where,
      include: { server: { select: { name: true, slug: true } }, ...WITH_HOLDER },
      orderBy: ORDER_BY[query.sort](query.order ?? DEFAULT_ORDER[query.sort]),
      ...pageArgs(query.limit, query.cursor),
    }),
    db().apiToken.count({ where }),
  ]);
  const { page, nextCursor } = toPage(rows, query.limit);
  const ids = page.map((token) => token.id);
  const histories = await rotationHistories(page);
  // Counted across each token's secrets: the calls made before a rotation, and during its overlap.
  const secretsOf = (id: string) => idsAcross(id, histories.get(id)!);
  const [requests, flags] = await Promise.all([requestsInLast24Hours(ids.flatMap(secretsOf)), recentFlagCounts(ids)]);
  return {
    tokens: page.map((token) => ({
      ...acrossSecrets(toTokenView(token), histories.get(token.id)!),
      requests24h: secretsOf(token.id).reduce((sum, id) => sum + (requests.get(id) ?? 0), 0),
      flags7d: flags.get(token.id) ?? 0,
      server: token.server && { name: token.server.name, resource: audiences.server(token.server.slug) },
    })),
    nextCursor,
    total,
  };
}

type TokenListFilter = Omit<z.infer<typeof listTokensQuerySchema>, "cursor" | "limit">;
type TokenListItem = Awaited<ReturnType<typeof listTokens>>["tokens"][number];

/** Every token the list's filters find, in its order, a page at a time. */
async function* allTokens(user: AccountUser, filter: TokenListFilter): AsyncGenerator<TokenListItem> {
  let cursor: string | undefined;
  do {
    const page = await listTokens(user, { ...filter, cursor, limit: 100 });
    yield* page.tokens;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** A token as a spreadsheet row: one value a column, lists space-separated. */
const csvRow = (token: TokenListItem) => ({
  id: token.id,
  name: token.name,
  description: token.description,
  holder: token.holder.name,
  holderKind: token.holder.kind,
  createdBy: token.createdBy?.name ?? "",
  status: token.status,
  approval: token.approval,
  scopes: token.scopes.join(" "),
  server: token.server?.resource ?? "",
  tools: token.tools?.join(" ") ?? "",
  rateLimitPerHour: token.rateLimitPerHour,
  allowedAddresses: token.allowedAddresses.join(" "),
  createdAt: token.createdAt,
  expiresAt: token.expiresAt,
  lastUsedAt: token.lastUsedAt,
  revokedAt: token.revokedAt,
  requests24h: token.requests24h,
  lastCharacters: token.hint,
});
const CSV_COLUMNS = [
  "id",
  "name",
  "description",
  "holder",
  "holderKind",
  "createdBy",
  "status",
  "approval",
  "scopes",
  "server",
  "tools",
  "rateLimitPerHour",
  "allowedAddresses",
  "createdAt",
  "expiresAt",
  "lastUsedAt",
  "revokedAt",
  "requests24h",
  "lastCharacters",
] as const satisfies readonly (keyof ReturnType<typeof csvRow>)[];

/** The token list as an export: CSV of the columns above, or JSON Lines of the list's own items. */
export function tokenExportLines(user: AccountUser, filter: TokenListFilter, format: ExportFormat) {
  tokensInScope(user, filter.scope); // refused before the download starts, not in the middle of it
  if (format === "jsonl") return exportLines(allTokens(user, filter), [], format);
  return exportLines(mapAsync(allTokens(user, filter), csvRow), CSV_COLUMNS, format);
}

async function* mapAsync<T, U>(items: AsyncIterable<T>, map: (item: T) => U): AsyncGenerator<U> {
  for await (const item of items) yield map(item);
}

/** Requests per token over the same 24 hourly buckets as the usage endpoint's 24h window (one query). */
export async function requestsInLast24Hours(tokenIds: string[]): Promise<Map<string, number>> {
  if (tokenIds.length === 0) return new Map();
  const firstHour = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 23 * HOUR_MS;
  const sums = await db().tokenUsage.groupBy({
    by: ["tokenId"],
    where: { tokenId: { in: tokenIds }, hourStart: { gte: new Date(firstHour) } },
    _sum: { requests: true },
  });
  return new Map(sums.map((row) => [row.tokenId, row._sum.requests ?? 0]));
}
