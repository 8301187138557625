import type { z } from "zod";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { AccountUser } from "../auth/accounts";
import { audiences } from "../auth/jwt";
import { managesOrganization } from "../auth/roles";
import { db } from "../db/client";
import type { Prisma } from "../db/types";
import { DomainError } from "../errors";
import { requestsInLast24Hours } from "../tokens/list-tokens";
import { storedTools } from "../upstream/tool-permissions";
import { normalizeScopes } from "../scopes";
import type { UsageWindow } from "../tokens/schemas";
import { requestLogOf, usageOf, type RequestLogQuery } from "../tokens/token-usage";
import { isStorableId } from "../validation";
import type { ConnectedApp, listConnectedAppsQuerySchema } from "./schemas";
import { revokeGrantIn } from "../tokens/revoke-holdings";
import { appLifetimes, tokenPolicy } from "../tokens/policy";
import type { TokenPolicy } from "../tokens/schemas";

// Connected apps: the OAuth grants a user gave, beside their personal tokens. Owners and admins
// see and revoke every grant of their organization, as they do with tokens.

const include = {
  client: true,
  server: { select: { name: true, slug: true } },
  user: { select: { email: true } },
  tokens: { select: { id: true, lastUsedAt: true } },
  refreshTokens: { where: { usedAt: null }, select: { expiresAt: true }, orderBy: { expiresAt: "desc" }, take: 1 },
} as const;

export async function listConnectedApps(
  user: AccountUser,
  query: z.infer<typeof listConnectedAppsQuerySchema>,
): Promise<{ apps: ConnectedApp[] }> {
  if (query.scope === "organization" && !managesOrganization(user)) {
    throw new DomainError(
      "forbidden",
      "Only organization owners and admins can list every connected app of the organization.",
    );
  }
  const grants = await grantsWithDetails({
    orgId: user.orgId,
    ...(query.scope === "mine" && { userId: user.id }),
    ...(query.status === "active" && { revokedAt: null }),
    ...(query.status === "revoked" && { revokedAt: { not: null } }),
  });
  const [requests, policy] = await Promise.all([
    requestsInLast24Hours(grants.flatMap((grant) => grant.tokens.map((token) => token.id))),
    tokenPolicy(user.orgId),
  ]);
  return { apps: grants.map((grant) => toConnectedApp(grant, requests, policy)) };
}

type GrantWithDetails = Awaited<ReturnType<typeof grantsWithDetails>>[number];
const grantsWithDetails = (where: Prisma.OAuthGrantWhereInput) =>
  db().oAuthGrant.findMany({ where, include, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 200 });

function toConnectedApp(grant: GrantWithDetails, requests: Map<string, number>, policy: TokenPolicy): ConnectedApp {
  const lastUsed = grant.tokens.reduce<Date | null>(
    (latest, token) => (token.lastUsedAt && (!latest || token.lastUsedAt > latest) ? token.lastUsedAt : latest),
    null,
  );
  return {
    id: grant.id,
    client: {
      id: grant.client.id,
      kind: grant.client.kind === "cimd" || grant.client.kind === "enterprise" ? grant.client.kind : "dcr",
      name: grant.client.name,
      clientUri: grant.client.clientUri,
      logoUri: grant.client.logoUri,
    },
    userId: grant.userId,
    userEmail: grant.user.email,
    orgId: grant.orgId,
    scopes: normalizeScopes(grant.scopes.split(" ").filter(Boolean)),
    resource: grant.server && {
      name: grant.server.name,
      url: audiences.server(grant.server.slug),
      tools: storedTools(grant.tools),
    },
    grantedBy: grant.grantedBy === "identity_provider" ? "identity_provider" : "consent",
    status: grant.revokedAt ? "revoked" : "active",
    createdAt: grant.createdAt.toISOString(),
    lastUsedAt: lastUsed?.toISOString() ?? null,
    revokedAt: grant.revokedAt?.toISOString() ?? null,
    revokedReason: grant.revokedReason,
    requests24h: grant.tokens.reduce((sum, token) => sum + (requests.get(token.id) ?? 0), 0),
    accessTokenLifetimeSeconds: appLifetimes(policy).accessMs / 1000,
    refreshExpiresAt: grant.revokedAt ? null : (grant.refreshTokens[0]?.expiresAt.toISOString() ?? null),
  };
}

/** A grant the user may act on: their own, or any of the organization's for owners and admins. 404 otherwise. */
async function findGrantFor(user: AccountUser, id: string) {
  if (!isStorableId(id)) throw new DomainError("not_found", "No connected app with this id.");
  const grant = await db().oAuthGrant.findFirst({
    where: managesOrganization(user) ? { id, orgId: user.orgId } : { id, orgId: user.orgId, userId: user.id },
    include: { client: true },
  });
  if (!grant) throw new DomainError("not_found", "No connected app with this id.");
  return grant;
}

/** Revokes the grant: its access tokens stop working at once and its refresh tokens never work again. */
export async function revokeConnectedApp(user: AccountUser, id: string) {
  const grant = await findGrantFor(user, id);
  if (!grant.revokedAt) {
    const reason = grant.userId === user.id ? "revoked by owner" : `revoked by organization ${user.role}`;
    await db().$transaction(async (tx) => {
      await revokeGrantIn(tx, grant, reason);
      await recordAuditEvent(tx, {
        orgId: grant.orgId,
        actorUserId: user.id,
        clientAddress: user.clientAddress,
        action: "oauth.grant_revoked",
        targetType: "oauth_grant",
        targetId: grant.id,
        metadata: { client: grant.client.name, reason },
      });
    });
  }
  const [revoked] = await grantsWithDetails({ id: grant.id });
  const requests = await requestsInLast24Hours(revoked!.tokens.map((token) => token.id));
  return toConnectedApp(revoked!, requests, await tokenPolicy(grant.orgId));
}

/** Every token the grant has issued, for its usage and request log. */
export async function connectedAppRequestLog(user: AccountUser, id: string, query: RequestLogQuery) {
  const grant = await findGrantFor(user, id);
  return { grantId: grant.id, ...(await requestLogOf({ grantId: grant.id }, query)) };
}

export async function connectedAppUsage(user: AccountUser, id: string, window: UsageWindow) {
  const grant = await findGrantFor(user, id);
  return { grantId: grant.id, window, ...(await usageOf({ grantId: grant.id }, window)) };
}
