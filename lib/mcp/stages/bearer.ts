import { OAuthError, verifyBearerToken, type AuthInfo, type OAuthTokenVerifier } from "@modelcontextprotocol/server";
import { presentedApiToken } from "../../api/bearer";
import { audiences } from "../../auth/jwt";
import { hashesEqual, hashSecret } from "../../auth/secret-hash";
import { config } from "../../config";
import { DomainError } from "../../errors";
import { log } from "../../log";
import { SCOPES, type Scope } from "../../scopes";
import { SERVICE_PRINCIPAL } from "../../tokens/service-principal";
import type { Resource } from "./resource";
import {
  recheckApiToken,
  requireProofOfPossession,
  requireTokenScopes,
  verifyApiToken,
  type Principal,
  type TokenPrincipal,
} from "../../tokens/verify-token";

// Stage 2: the bearer token, verified once through the SDK's `verifyBearerToken` with Keyway's
// verifier, and the required scopes.

/** The AuthInfo the SDK hands each message's handler; `token` is the token's id, never the secret. */
export function authInfoOf(principal: Principal, resource = audiences.mcp()): AuthInfo {
  const id = principal.tokenId ?? "service";
  return {
    token: id,
    clientId: id,
    scopes: [...principal.scopes],
    // An env token never expires; the SDK wants a time all the same.
    // Rounded up: the row's own expiry (checked to the millisecond) decides, never the SDK's rounding.
    expiresAt: principal.expiresAt ? Math.ceil(principal.expiresAt.getTime() / 1000) : Number.MAX_SAFE_INTEGER,
    resource: new URL(resource),
    extra: { principal },
  };
}

// MCP_AUTH_TYPE=jwt: Keyway's API tokens for this resource. This instance's kept token row may
// admit for now; the rate-limit round trip confirms it (step 4).
const jwtVerifier = (resource: string): OAuthTokenVerifier => ({
  verifyAccessToken: async (token) => authInfoOf(await verifyApiToken(token, "kept", resource), resource),
});

// MCP_AUTH_TYPE=env: one static token, compared in constant time (both sides hashed, whatever the lengths).
const envVerifier = (resource: string): OAuthTokenVerifier => ({
  verifyAccessToken: async (token) => {
    if (!hashesEqual(hashSecret(token), hashSecret(config().mcpBearerToken!))) {
      throw new DomainError("invalid_token", "Invalid token", { credential: "api_token" });
    }
    return authInfoOf(SERVICE_PRINCIPAL, resource);
  },
});

/**
 * Who the request acts as, by MCP_AUTH_TYPE, or the RFC 6750 refusal. The header is parsed by
 * Keyway first, since the SDK's parser answers a missing header with `error="invalid_token"` (RFC
 * 6750 section 3.1 wants no error code when no credentials were sent) and a malformed one with 401
 * (the spec's 400 `invalid_request`); the SDK's `verifyBearerToken` then runs the verifier and
 * checks the token's resource (this /mcp, or this upstream server) and expiry. Required scopes are Keyway's own check, since
 * `write:X` holds `read:X`.
 */
export async function authenticate(request: Request, resource: Resource): Promise<Principal> {
  const { mcpAuthType, mcpRequiredScopes } = config();
  if (mcpAuthType === "none") return SERVICE_PRINCIPAL;
  const presented = presentedApiToken(request);
  const { token } = presented;
  let principal: Principal;
  try {
    const verifier = mcpAuthType === "env" ? envVerifier(resource.url) : jwtVerifier(resource.url);
    const authInfo = await verifyBearerToken(`Bearer ${token}`, {
      verifier,
      expectedResource: new URL(resource.url),
    });
    principal = authInfo.extra!.principal as Principal;
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    const expired = error.message === "Token has expired";
    throw new DomainError("invalid_token", error.message, {
      credential: "api_token",
      ...(expired && { refusal: "expired" as const }),
    });
  }
  // A token bound to a key (RFC 9449) is good only with a fresh proof made with that key.
  await requireProofOfPossession(principal, presented);
  if (principal.tokenId !== SERVICE_PRINCIPAL.tokenId) requireTokenScopes(principal, mcpRequiredScopes as Scope[]);
  log("debug", "mcp.auth.allowed", {
    tokenId: principal.tokenId,
    orgId: principal.orgId,
    scopes: principal.scopes.join(" "),
  });
  return principal;
}

/** The verified token's principal against its row as `freshness` says now, without verifying it again. */
export async function confirm(principal: Principal, freshness: "current" | { epoch: string }): Promise<Principal> {
  const confirmed = await recheckApiToken(principal as TokenPrincipal, freshness);
  requireTokenScopes(confirmed, config().mcpRequiredScopes as Scope[]);
  return confirmed;
}

/**
 * A 401 names every scope the tools use (`scope="..."`): clients ask for exactly what it names,
 * and the user then chooses on the consent page; naming only the required ones gave apps two tools.
 */
export function withScopes(error: unknown, resource?: Resource): unknown {
  if (!(error instanceof DomainError)) return error;
  log("debug", "mcp.auth.refused", { code: error.code, reason: error.message });
  // An upstream server's challenges name its own metadata, and the scopes its tokens need.
  const upstream = resource?.server ? { resourceMetadata: resource.metadataUrl } : {};
  if (error.code === "unauthorized" || error.code === "invalid_token") {
    const scope = resource?.server ? config().mcpRequiredScopes.join(" ") || undefined : SCOPES.join(" ");
    return new DomainError(error.code, error.message, {
      ...error.details,
      ...upstream,
      scope: error.details.scope ?? scope,
    });
  }
  return resource?.server ? new DomainError(error.code, error.message, { ...error.details, ...upstream }) : error;
}
