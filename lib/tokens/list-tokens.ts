import type { z } from "zod";
import { ApiError } from "../api/errors";
import type { AccountUser } from "../auth/accounts";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/sqlite/client";
import { managesOrganization } from "./find-token";
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
    throw new ApiError("forbidden", "Only organization owners and admins can list every token of the organization.");
  }
  const where: Prisma.ApiTokenWhereInput = {
    orgId: user.orgId,
    ...(query.scope === "mine" && { userId: user.id }),
    ...statusFilter(query.status, new Date()),
  };
  if (
    query.cursor &&
    !(await db().apiToken.findFirst({ where: { ...where, id: query.cursor }, select: { id: true } }))
  ) {
    throw new ApiError("validation_error", "cursor: does not name a token in this list", {
      fields: { cursor: ["unknown cursor"] },
    });
  }
  const rows = await db().apiToken.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    ...(query.cursor && { cursor: { id: query.cursor }, skip: 1 }),
  });
  const page = rows.slice(0, query.limit);
  return { tokens: page.map(toTokenView), nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null };
}
