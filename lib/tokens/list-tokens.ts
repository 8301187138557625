import type { z } from "zod";
import { DomainError } from "../errors";
import type { AccountUser } from "../auth/accounts";
import { recentFlagCounts } from "../activity/flags";
import { db } from "../db/client";
import { pageArgs, toPage } from "../db/paginate";
import { requireCursorInList } from "../pagination";
import type { Prisma } from "../db/types";
import { HOUR_MS } from "../time";
import { managesOrganization } from "../auth/roles";
import type { listTokensQuerySchema, TokenStatus } from "./schemas";
import { toTokenView } from "./token-view";

function statusFilter(status: TokenStatus | undefined, now: Date): Prisma.ApiTokenWhereInput {
  if (status === "revoked") return { revokedAt: { not: null } };
  if (status === "expired") return { revokedAt: null, expiresAt: { lte: now } };
  if (status === "active") return { revokedAt: null, expiresAt: { gt: now } };
  return {};
}

/** Newest first; `scope=organization` lists every token of the organization (owners and admins). */
export async function listTokens(user: AccountUser, query: z.infer<typeof listTokensQuerySchema>) {
  if (query.scope === "organization" && !managesOrganization(user)) {
    throw new DomainError("forbidden", "Only organization owners and admins can list every token of the organization.");
  }
  const where: Prisma.ApiTokenWhereInput = {
    orgId: user.orgId,
    // OAuth access tokens are listed under their connected app, not as personal tokens.
    grantId: null,
    ...(query.scope === "mine" && { userId: user.id }),
    ...statusFilter(query.status, new Date()),
    ...(query.approval && { approval: query.approval }),
  };
  await requireCursorInList(query.cursor, (id) =>
    db().apiToken.findFirst({ where: { ...where, id }, select: { id: true } }),
  );
  const rows = await db().apiToken.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    ...pageArgs(query.limit, query.cursor),
  });
  const { page, nextCursor } = toPage(rows, query.limit);
  const requests = await requestsInLast24Hours(page.map((token) => token.id));
  const flags = await recentFlagCounts(page.map((token) => token.id));
  return {
    tokens: page.map((token) => ({
      ...toTokenView(token),
      requests24h: requests.get(token.id) ?? 0,
      flags7d: flags.get(token.id) ?? 0,
    })),
    nextCursor,
  };
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
