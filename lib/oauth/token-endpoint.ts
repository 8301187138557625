import { DpopProofError, verifyDpopProof } from "../auth/dpop";
import { createHmac } from "node:crypto";
import { recordAuditEvent } from "../audit/record-audit-event";
import { decodeJwt } from "jose";
import { audiences } from "../auth/jwt";
import { hashesEqual, hashSecret } from "../auth/secret-hash";
import { db } from "../db/client";
import type { Prisma } from "../db/types";
import { config } from "../config";
import { metrics } from "../metrics/metrics";
import { appLifetimes, tokenPolicy } from "../tokens/policy";
import type { TokenPolicy } from "../tokens/schemas";
import { revokeGrantIn } from "../tokens/revoke-holdings";
import { expandScopes, normalizeScopes, type Scope } from "../scopes";
import { requestedResource, required, single, storedResource, verifierMatches } from "./authorization";
import {
  grantFor,
  issuable,
  requireDpopUnder,
  issueAccess,
  NOT_A_MEMBER,
  type GrantRef,
  type GrantServer,
} from "./grants";
import { resolveClient } from "./clients";
import { clientCredentialsGrant, type ClientCredentialsResponse } from "./client-credentials";
import { AuthorizationServerError } from "./errors";
import { idJagGrant, isIdJag, JWT_BEARER_GRANT } from "./id-jag";
import { delegate, TOKEN_EXCHANGE_GRANT, type DelegatedResponse } from "./delegation";
import { workloadGrant } from "./workload-identity";
import { matchesRegisteredRedirect } from "./redirect-uris";
import { newSecret, SECRET_PREFIXES } from "../auth/secret-format";

// The token endpoint (OAuth 2.1 sections 4.1.3 and 4.3) and revocation (RFC 7009). Access tokens
// are ordinary Keyway API tokens (same JWT, audience /mcp, same verifier, rate limit and usage),
// living as long as the organization's policy says; refresh tokens are opaque, stored as hashes
// and replaced on every use.

const REFRESH_PREFIX = SECRET_PREFIXES.refresh;

/** The DPoP key a token request proved it holds (RFC 9449 section 5); null: no proof was sent. */
export type DpopKey = { jkt: string } | null;

type TokenResponse = {
  access_token: string;
  token_type: "Bearer" | "DPoP";
  expires_in: number;
  refresh_token: string;
  scope: string;
};

/**
 * The refresh token that replaces `presented`: derived from it with the server's key rather than
 * drawn at random, so a retry of the same refresh (a lost answer, two refreshes racing) is handed
 * the very successor the first one was, and one chain stays live. Knowing a successor takes the
 * key and the presented token; whoever holds the latter may refresh anyway.
 */
function successorOf(presented: string): string {
  const mac = createHmac("sha256", config().jwtSecret).update(`oauth-refresh-successor:${presented}`);
  return `${REFRESH_PREFIX}${mac.digest("base64url")}`;
}

/** A used code or rotated refresh token came back: someone holds a copy, so the grant goes. */
async function revokeOnReuse(
  tx: Prisma.TransactionClient,
  grant: GrantRef,
  what: "code" | "refresh",
  clientName: string,
  clientAddress: string | null,
  now: Date,
) {
  await revokeGrantIn(tx, grant, what === "code" ? "authorization code reused" : "refresh token reused", now);
  metrics().oauthEvents.inc({ event: "reuse_detected" });
  await recordAuditEvent(tx, {
    clientAddress,
    orgId: grant.orgId,
    actorUserId: null,
    action: what === "code" ? "oauth.code_reuse_detected" : "oauth.refresh_reuse_detected",
    targetType: "oauth_grant",
    targetId: grant.id,
    metadata: { client: clientName },
  });
}

/** An access token and the refresh token `refreshToken` (stored as its hash) under the grant. */
async function issuePair(
  tx: Prisma.TransactionClient,
  grant: GrantRef & { tools: string | null },
  clientName: string,
  scopes: Scope[],
  policy: TokenPolicy,
  refreshToken: string,
  server: GrantServer,
  dpopJkt: string | null,
): Promise<TokenResponse> {
  const access = await issueAccess(tx, grant, clientName, scopes, policy, server, dpopJkt);
  await tx.oAuthRefreshToken.create({
    data: {
      id: hashSecret(refreshToken),
      grantId: grant.id,
      scopes: scopes.join(" "),
      expiresAt: new Date(Date.now() + appLifetimes(policy).refreshIdleMs),
      // Keyway's OAuth apps are public clients: their refresh tokens are bound to the key too.
      dpopJkt,
    },
  });
  return { ...access, refresh_token: refreshToken };
}

const randomRefreshToken = () => newSecret("refresh");

/**
 * RFC 8707 at the token endpoint: a `resource` sent there must be the one the code or grant is
 * for (a token is never widened to another); absent, it is that one.
 */
async function sameResource(params: URLSearchParams, stored: string) {
  if (params.getAll("resource").length === 0) return;
  const asked = await requestedResource(params);
  const held = await storedResource(stored);
  if (asked.url !== held?.url) {
    throw new AuthorizationServerError("invalid_target", `This grant is for ${held?.url ?? "a removed MCP server"}.`);
  }
}

/** The server of a stored resource, refused when it has been removed since. */
async function serverOf(stored: string): Promise<GrantServer> {
  const target = await storedResource(stored);
  if (!target) throw new AuthorizationServerError("invalid_grant", "The MCP server this grant is for was removed.");
  return target.server && { id: target.server.id, slug: target.server.slug };
}

/** grant_type=authorization_code: a code, once, for the client, redirect URI and verifier it was made for. */
async function exchangeCode(
  params: URLSearchParams,
  clientAddress: string | null,
  dpop: DpopKey,
): Promise<TokenResponse> {
  const client = await resolveClient(required(params, "client_id"));
  const code = required(params, "code");
  const redirectUri = required(params, "redirect_uri");
  const verifier = required(params, "code_verifier");
  const id = hashSecret(code);
  const row = await db().oAuthCode.findUnique({ where: { id } });
  if (!row || row.clientId !== client.id)
    throw new AuthorizationServerError("invalid_grant", "The authorization code is invalid.");
  await sameResource(params, row.resource);
  await requireDpopWhereRequired(row.orgId, dpop);
  const server = await serverOf(row.resource);

  return db()
    .$transaction(async (tx) => {
      const now = new Date();
      // Claiming is one conditional update, so two concurrent exchanges cannot both succeed.
      const claimed = await tx.oAuthCode.updateMany({ where: { id, usedAt: null }, data: { usedAt: now } });
      if (claimed.count === 0) {
        // A second use: revoke whatever the first one issued (RFC 6749 section 4.1.2).
        const used = await tx.oAuthCode.findUniqueOrThrow({ where: { id } });
        if (used.grantId) {
          const grant = { id: used.grantId, userId: row.userId, orgId: row.orgId };
          await revokeOnReuse(tx, grant, "code", client.name, clientAddress, now);
        }
        return { error: new AuthorizationServerError("invalid_grant", "The authorization code was already used.") };
      }
      if (row.expiresAt <= now)
        return { error: new AuthorizationServerError("invalid_grant", "The authorization code has expired.") };
      if (row.redirectUri !== redirectUri || !matchesRegisteredRedirect(redirectUri, client.redirectUris)) {
        return {
          error: new AuthorizationServerError(
            "invalid_grant",
            "redirect_uri does not match the authorization request.",
          ),
        };
      }
      if (!verifierMatches(verifier, row.codeChallenge)) {
        return {
          error: new AuthorizationServerError("invalid_grant", "code_verifier does not match the code_challenge."),
        };
      }
      const allowed = await issuable(tx, row, normalizeScopes(row.scopes.split(" ").filter(Boolean)));
      if (!allowed) return { error: NOT_A_MEMBER() };
      const { grant, previousScopes } = await grantFor(tx, row, allowed.scopes, now, {
        serverId: server?.id ?? null,
        tools: row.tools,
        declined: row.declined,
      });
      await tx.oAuthCode.update({ where: { id }, data: { grantId: grant.id } });
      const response = await issuePair(
        tx,
        grant,
        client.name,
        allowed.scopes,
        allowed.policy,
        randomRefreshToken(),
        server,
        dpop?.jkt ?? null,
      );
      await recordAuditEvent(tx, {
        clientAddress,
        orgId: grant.orgId,
        actorUserId: grant.userId,
        action: "oauth.token_issued",
        targetType: "oauth_grant",
        targetId: grant.id,
        metadata: {
          client: client.name,
          scopes: allowed.scopes,
          ...(previousScopes && { previousScopes }),
          ...(server && { resource: row.resource }),
          ...(row.tools !== null && { tools: row.tools.split(" ") }),
        },
      });
      return { response };
    })
    .then(unwrap)
    .then((response) => {
      metrics().oauthEvents.inc({ event: "issued" });
      return response;
    });
}

// A refused exchange still commits what it did (a code marked used, a grant revoked on reuse):
// the transaction returns the error instead of throwing it, so it is not rolled back.
function unwrap(result: { response: TokenResponse } | { error: AuthorizationServerError }): TokenResponse {
  if ("error" in result) throw result.error;
  return result.response;
}

/** The scopes a refresh asks for: at most those held (RFC 6749 section 6), the held ones when absent. */
function refreshScopes(params: URLSearchParams, held: string[]): Scope[] {
  const asked = single(params, "scope");
  if (asked === null) return normalizeScopes(held);
  const wanted = [...new Set(asked.split(" ").filter(Boolean))];
  const allowed = new Set<string>(expandScopes(held));
  const wider = wanted.filter((scope) => !allowed.has(scope));
  if (wider.length)
    throw new AuthorizationServerError(
      "invalid_scope",
      `A refresh can only narrow the scopes; not granted: ${wider.join(" ")}.`,
    );
  return normalizeScopes(wanted);
}

/**
 * grant_type=refresh_token: rotates the refresh token. Presenting the same token again within
 * the grace window, while its successor is unused, is a retry (a lost answer, a race between a
 * client's processes) and is answered with that same successor and a new access token; any other
 * reuse means a copy is loose and revokes the whole grant (OAuth 2.1 section 4.3.1).
 */
async function refresh(params: URLSearchParams, clientAddress: string | null, dpop: DpopKey): Promise<TokenResponse> {
  const client = await resolveClient(required(params, "client_id"));
  const presented = required(params, "refresh_token");
  const id = hashSecret(presented);
  const row = await db().oAuthRefreshToken.findUnique({
    where: { id },
    include: { grant: { include: { server: { select: { id: true, slug: true } } } } },
  });
  if (!row || row.grant.clientId !== client.id)
    throw new AuthorizationServerError("invalid_grant", "The refresh token is invalid.");
  if (row.grant.revokedAt)
    throw new AuthorizationServerError("invalid_grant", "This app's access was revoked; authorize it again.");
  // A server's grant goes with its server (the cascade); what is left is /mcp's or the server's.
  const server = row.grant.server;
  await sameResource(params, server ? audiences.server(server.slug) : audiences.mcp());
  const scopes = refreshScopes(params, row.scopes.split(" ").filter(Boolean));
  await requireDpopWhereRequired(row.grant.orgId, dpop);
  // A bound refresh token is used with its key only (RFC 9449 section 5): a copy is worth nothing.
  if (row.dpopJkt && dpop?.jkt !== row.dpopJkt) {
    throw new AuthorizationServerError(
      "invalid_dpop_proof",
      dpop
        ? "The DPoP proof is made with another key than the refresh token is bound to."
        : "This refresh token is bound to a DPoP key: send a DPoP proof made with it.",
    );
  }
  const jkt = row.dpopJkt ?? dpop?.jkt ?? null;
  const successor = successorOf(presented);

  return db()
    .$transaction(async (tx) => {
      const now = new Date();
      const claimed = await tx.oAuthRefreshToken.updateMany({ where: { id, usedAt: null }, data: { usedAt: now } });
      const retry = claimed.count === 0 ? await asRetry(tx, id, successor, now) : null;
      if (claimed.count === 0 && !retry) {
        // Either the grant was revoked (its tokens are marked used) or a rotated token came back
        // from further back than a retry: someone else holds a copy, so nobody keeps the grant.
        const grant = await tx.oAuthGrant.findUniqueOrThrow({ where: { id: row.grantId } });
        if (!grant.revokedAt) await revokeOnReuse(tx, grant, "refresh", client.name, clientAddress, now);
        return {
          error: new AuthorizationServerError(
            "invalid_grant",
            "The refresh token was already used; the app's access is revoked.",
          ),
        };
      }
      if (row.expiresAt <= now)
        return { error: new AuthorizationServerError("invalid_grant", "The refresh token has expired.") };
      const allowed = await issuable(tx, row.grant, retry ? retry.scopes : scopes);
      if (!allowed) return { error: NOT_A_MEMBER() };
      const response = retry
        ? {
            ...(await issueAccess(tx, row.grant, client.name, allowed.scopes, allowed.policy, server, jkt)),
            refresh_token: successor,
          }
        : await issuePair(tx, row.grant, client.name, allowed.scopes, allowed.policy, successor, server, jkt);
      await recordAuditEvent(tx, {
        clientAddress,
        orgId: row.grant.orgId,
        actorUserId: row.grant.userId,
        action: "oauth.token_refreshed",
        targetType: "oauth_grant",
        targetId: row.grant.id,
        metadata: { client: client.name, scopes: allowed.scopes, ...(retry && { retry: true }) },
      });
      return { response };
    })
    .then(unwrap)
    .then((response) => {
      metrics().oauthEvents.inc({ event: "refreshed" });
      return response;
    });
}

/**
 * Whether an already used refresh token may be answered again: rotated at most the grace window
 * ago, and its successor still the live end of the chain (unused, not superseded). Null otherwise.
 */
async function asRetry(tx: Prisma.TransactionClient, id: string, successor: string, now: Date) {
  const graceMs = config().oauthRefreshGraceSeconds * 1000;
  if (graceMs === 0) return null;
  const [used, next] = await Promise.all([
    tx.oAuthRefreshToken.findUnique({ where: { id }, select: { usedAt: true } }),
    tx.oAuthRefreshToken.findUnique({ where: { id: hashSecret(successor) } }),
  ]);
  if (!used?.usedAt || now.getTime() - used.usedAt.getTime() > graceMs) return null;
  if (!next || next.usedAt || next.expiresAt <= now) return null;
  return { scopes: normalizeScopes(next.scopes.split(" ").filter(Boolean)) };
}

/** The policy of the organization a code or refresh token is for, asked before either is used up. */
async function requireDpopWhereRequired(orgId: string, dpop: DpopKey): Promise<void> {
  requireDpopUnder(await tokenPolicy(orgId), dpop);
}

/**
 * The key a token request's `DPoP` proof (RFC 9449 section 5) proves it holds, for the tokens to
 * be bound to; null when none was sent. This server asks for a nonce of its own in every proof.
 */
export async function tokenRequestDpop(proof: string | null): Promise<DpopKey> {
  if (proof === null) return null;
  try {
    return await verifyDpopProof(proof, { method: "POST", url: `${config().appUrl}/oauth/token`, requireNonce: true });
  } catch (error) {
    if (error instanceof DpopProofError) throw new AuthorizationServerError(error.error, error.message);
    throw error;
  }
}

const TOKEN_TYPE = {
  accessToken: "urn:ietf:params:oauth:token-type:access_token",
  jwt: "urn:ietf:params:oauth:token-type:jwt",
  idToken: "urn:ietf:params:oauth:token-type:id_token",
} as const;

/**
 * RFC 8693 token exchange: a Keyway access token for a narrower one (delegation), or a workload's
 * JWT for a service account's token (workload identity federation). Access tokens only.
 */
async function tokenExchange(
  params: URLSearchParams,
  clientAddress: string | null,
  dpop: DpopKey,
): Promise<DelegatedResponse> {
  const requested = single(params, "requested_token_type");
  if (requested !== null && requested !== TOKEN_TYPE.accessToken) {
    throw new AuthorizationServerError("invalid_request", `requested_token_type must be ${TOKEN_TYPE.accessToken}.`);
  }
  const subject = required(params, "subject_token");
  const type = required(params, "subject_token_type");
  if (type === TOKEN_TYPE.accessToken) return delegate(subject, params, clientAddress, dpop);
  if (type === TOKEN_TYPE.jwt || type === TOKEN_TYPE.idToken) {
    const issued = await workloadGrant(subject, params, clientAddress, dpop);
    return { ...issued, issued_token_type: TOKEN_TYPE.accessToken };
  }
  throw new AuthorizationServerError(
    "invalid_request",
    `subject_token_type must be ${TOKEN_TYPE.accessToken} (delegation) or ${TOKEN_TYPE.jwt} (a workload's token).`,
  );
}

export async function tokenRequest(
  params: URLSearchParams,
  authorization: string | null,
  clientAddress: string | null,
  dpop: DpopKey = null,
): Promise<TokenResponse | ClientCredentialsResponse | DelegatedResponse> {
  // Each parameter at most once (RFC 6749 section 3.2): a repeated one is refused, never picked.
  const grantType = single(params, "grant_type");
  if (grantType === "authorization_code") return exchangeCode(params, clientAddress, dpop);
  if (grantType === "refresh_token") return refresh(params, clientAddress, dpop);
  if (grantType === "client_credentials") return clientCredentialsGrant(params, authorization, clientAddress, dpop);
  if (grantType === JWT_BEARER_GRANT) {
    // An ID-JAG (enterprise-managed authorization, with client authentication) or a workload's own JWT.
    const assertion = required(params, "assertion");
    if (isIdJag(assertion)) return idJagGrant(params, authorization, clientAddress, dpop);
    return workloadGrant(assertion, params, clientAddress, dpop);
  }
  if (grantType === TOKEN_EXCHANGE_GRANT) return tokenExchange(params, clientAddress, dpop);
  if (!grantType) throw new AuthorizationServerError("invalid_request", "grant_type is required.");
  throw new AuthorizationServerError(
    "unsupported_grant_type",
    `Supported grant types: authorization_code, refresh_token, client_credentials, ${JWT_BEARER_GRANT}, ${TOKEN_EXCHANGE_GRANT}.`,
  );
}

/**
 * RFC 7009: a refresh token revokes its whole grant (section 2.1 lets the server, and users
 * expect it); an access token only itself. Unknown tokens are not an error (section 2.2).
 */
export async function revokeRequest(params: URLSearchParams, clientAddress: string | null): Promise<void> {
  const client = await resolveClient(required(params, "client_id"));
  const token = required(params, "token");
  const hint = single(params, "token_type_hint");
  if (hint !== null && hint !== "access_token" && hint !== "refresh_token") {
    throw new AuthorizationServerError(
      "unsupported_token_type",
      "token_type_hint must be access_token or refresh_token.",
    );
  }
  const hash = hashSecret(token);
  const refreshRow = token.startsWith(REFRESH_PREFIX)
    ? await db().oAuthRefreshToken.findUnique({ where: { id: hash }, include: { grant: true } })
    : null;
  if (refreshRow) {
    if (refreshRow.grant.clientId !== client.id)
      throw new AuthorizationServerError("invalid_request", "The token was not issued to this client.");
    await db().$transaction(async (tx) => {
      if (refreshRow.grant.revokedAt) return;
      await revokeGrantIn(tx, refreshRow.grant, "revoked by the client");
      await recordAuditEvent(tx, {
        clientAddress,
        orgId: refreshRow.grant.orgId,
        actorUserId: null,
        action: "oauth.grant_revoked",
        targetType: "oauth_grant",
        targetId: refreshRow.grantId,
        metadata: { client: client.name, by: "client" },
      });
    });
    return;
  }
  // An access token is a JWT whose `jti` is its row; the stored hash proves it is that very token.
  let jti: string | undefined;
  try {
    jti = decodeJwt(token).jti;
  } catch {
    return;
  }
  const access = jti ? await db().apiToken.findUnique({ where: { id: jti }, include: { grant: true } }) : null;
  if (!access?.grant || !hashesEqual(hash, access.tokenHash)) return;
  if (access.grant.clientId !== client.id)
    throw new AuthorizationServerError("invalid_request", "The token was not issued to this client.");
  await db().$transaction(async (tx) => {
    const revoked = await tx.apiToken.updateMany({
      where: { id: access.id, revokedAt: null },
      data: { revokedAt: new Date(), revokedReason: "revoked by the client" },
    });
    if (revoked.count === 0) return;
    await recordAuditEvent(tx, {
      clientAddress,
      orgId: access.orgId,
      actorUserId: null,
      action: "oauth.token_revoked",
      targetType: "api_token",
      targetId: access.id,
      metadata: { client: client.name, grantId: access.grantId },
    });
  });
}
