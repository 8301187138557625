import { DomainError } from "../errors";
import { config } from "../config";
import { log } from "../log";
import { requireBearerToken } from "../api/bearer";
import { requireTokenScopes, verifyApiToken, type Principal } from "../tokens/verify-token";
import type { Freshness } from "../db/token-store";
import { SCOPES, type Scope } from "../scopes";
import { hashesEqual, hashToken } from "../auth/token-hash";
import { SERVICE_PRINCIPAL } from "../tokens/service-principal";

/**
 * Who an /mcp request acts as, by MCP_AUTH_TYPE; throws the RFC 6750 error otherwise. A 401 names
 * every scope /mcp's tools use (`scope="..."`): clients ask for exactly what it names, and the
 * user then chooses on the consent page; naming only the required ones gave apps two tools.
 * `freshness` says which stored token state may be used (`verifyApiToken`).
 */
export async function authenticateMcpRequest(request: Request, freshness: Freshness): Promise<Principal> {
  try {
    return await callerOf(request, freshness);
  } catch (error) {
    if (error instanceof DomainError && (error.code === "unauthorized" || error.code === "invalid_token")) {
      const scope = error.details.scope ?? SCOPES.join(" ");
      throw new DomainError(error.code, error.message, { ...error.details, scope: scope || undefined });
    }
    throw error;
  }
}

/** The principal MCP_AUTH_TYPE makes of the request, or the RFC 6750 failure. */
async function callerOf(request: Request, freshness: Freshness): Promise<Principal> {
  const { mcpAuthType, mcpBearerToken, mcpRequiredScopes } = config();
  if (mcpAuthType === "none") return SERVICE_PRINCIPAL;
  const token = requireBearerToken(request.headers.get("authorization"), "api_token");
  if (mcpAuthType === "env") {
    // Both sides hashed, so the comparison is constant-time whatever the lengths.
    if (!hashesEqual(hashToken(token), hashToken(mcpBearerToken!))) {
      throw new DomainError("invalid_token", "Invalid token", { credential: "api_token" });
    }
    return SERVICE_PRINCIPAL;
  }
  try {
    const principal = await verifyApiToken(token, freshness);
    requireTokenScopes(principal, mcpRequiredScopes as Scope[]);
    log("debug", "mcp.auth.allowed", {
      tokenId: principal.tokenId,
      orgId: principal.orgId,
      scopes: principal.scopes.join(" "),
    });
    return principal;
  } catch (error) {
    if (error instanceof DomainError) log("debug", "mcp.auth.refused", { code: error.code, reason: error.message });
    throw error;
  }
}
