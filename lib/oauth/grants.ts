import type { Role } from "../auth/roles";
import type { Prisma } from "../db/types";
import type { Scope } from "../scopes";
import { appLifetimes } from "../tokens/policy";
import type { TokenPolicy } from "../tokens/schemas";
import { issueToken } from "../tokens/issue-token";
import { DEFAULT_RATE_LIMIT_PER_HOUR } from "../tokens/schemas";
import { storedTools } from "../upstream/tool-permissions";
import { activeGrant, grantableScopes } from "./authorization";
import { AuthorizationServerError } from "./errors";

// What every grant that acts for a person shares (the code exchange, refresh, an ID-JAG): the
// membership and today's policy decide what may be issued, one grant per app and person, and
// access tokens that are ordinary Keyway tokens under it.

export type GrantRef = { id: string; userId: string; orgId: string };

/**
 * Issuing anything for an organization takes a current membership, and what is issued follows
 * today's policy: the scopes the member may grant (narrowed, never refused) and the lifetimes.
 */
export async function issuable(
  tx: Prisma.TransactionClient,
  { userId, orgId, clientId }: { userId: string; orgId: string; clientId: string },
  scopes: readonly Scope[],
) {
  const membership = await tx.membership.findUnique({
    where: { userId_orgId: { userId, orgId } },
    select: { role: true },
  });
  if (!membership) return null;
  try {
    const { scopes: allowed, policy } = await grantableScopes(
      { orgId, role: membership.role as Role },
      clientId,
      scopes,
    );
    return { scopes: allowed, policy };
  } catch (error) {
    // What the consent page says with access_denied, the token endpoint says with its own error
    // (RFC 6749 section 5.2): the grant can no longer be honoured.
    if (error instanceof AuthorizationServerError && error.error === "access_denied") {
      throw new AuthorizationServerError("invalid_grant", error.description);
    }
    throw error;
  }
}

export const NOT_A_MEMBER = () =>
  new AuthorizationServerError(
    "invalid_grant",
    "You are no longer a member of this organization; the app cannot be given access.",
  );

/**
 * An organization's policy may require its connected apps and service accounts' clients to hold a
 * key (DPoP, RFC 9449): every grant that issues their tokens asks this before issuing.
 */
export function requireDpopUnder(policy: TokenPolicy, dpop: { jkt: string } | null): void {
  if (dpop === null && policy.requireDpop) {
    throw new AuthorizationServerError(
      "invalid_dpop_proof",
      "This organization requires DPoP-bound tokens: send a DPoP proof (RFC 9449) with the token request.",
    );
  }
}

/** How a token is presented: with a DPoP proof when it is bound to a key (RFC 9449 section 5). */
export const tokenType = (dpopJkt: string | null | undefined) => (dpopJkt ? ("DPoP" as const) : ("Bearer" as const));

/** The upstream server a grant's tokens are for (their audience); null: Keyway's own /mcp. */
export type GrantServer = { id: string; slug: string } | null;

/** A new access token under the grant, within the organization's policy like any token. */
export async function issueAccess(
  tx: Prisma.TransactionClient,
  grant: GrantRef & { tools: string | null },
  clientName: string,
  scopes: Scope[],
  policy: TokenPolicy,
  server: GrantServer,
  /** The DPoP key the token is bound to (RFC 9449); null: a bearer token. */
  dpopJkt: string | null,
) {
  const { accessMs } = appLifetimes(policy);
  const { token } = await issueToken(tx, {
    userId: grant.userId,
    orgId: grant.orgId,
    name: clientName,
    scopes,
    lifetimeMs: accessMs,
    rateLimitPerHour: Math.min(DEFAULT_RATE_LIMIT_PER_HOUR, policy.maxRateLimitPerHour ?? Infinity),
    grantId: grant.id,
    server,
    // The grant's tools, within the person's limit as it is today (issueToken checks it).
    tools: server && storedTools(grant.tools),
    dpopJkt,
  });
  return { access_token: token, token_type: tokenType(dpopJkt), expires_in: accessMs / 1000, scope: scopes.join(" ") };
}

/**
 * The grant a new authorization lands in: the app's live grant for this user, organization and
 * resource, when there is one (a step-up, or the app authorizing again), whose scopes become the ones just
 * chosen and whose earlier tokens stop; otherwise a new one. One app, one connected app.
 */
export async function grantFor(
  tx: Prisma.TransactionClient,
  { clientId, userId, orgId }: { clientId: string; userId: string; orgId: string },
  scopes: Scope[],
  now: Date,
  {
    grantedBy = "consent",
    serverId = null,
    tools = null,
    declined,
  }: {
    grantedBy?: "consent" | "identity_provider";
    serverId?: string | null;
    tools?: string | null;
    /** From a consent page: the scopes the person declined (kept as they were otherwise). */
    declined?: string;
  } = {},
) {
  const existing = await activeGrant(tx, { clientId, userId, orgId, serverId });
  if (!existing) {
    const grant = await tx.oAuthGrant.create({
      data: { clientId, userId, orgId, scopes: scopes.join(" "), grantedBy, serverId, tools, declined },
    });
    return { grant, previousScopes: null };
  }
  await tx.apiToken.updateMany({
    where: { grantId: existing.id, revokedAt: null },
    data: { revokedAt: now, revokedReason: "superseded by a new authorization" },
  });
  // The superseded chain is dropped rather than marked used: presenting it later is merely
  // invalid, not a reuse that would revoke the grant the app now holds.
  await tx.oAuthRefreshToken.deleteMany({ where: { grantId: existing.id } });
  const grant = await tx.oAuthGrant.update({
    where: { id: existing.id },
    data: { scopes: scopes.join(" "), grantedBy, tools, declined },
  });
  return { grant, previousScopes: existing.scopes.split(" ").filter(Boolean) };
}
