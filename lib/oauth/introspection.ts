import { decodeJwt } from "jose";
import { audiences } from "../auth/jwt";
import { config } from "../config";
import { DomainError } from "../errors";
import { verifyApiToken } from "../tokens/verify-token";
import { single } from "./authorization";
import { authenticateServiceClient } from "./client-credentials";
import { AuthorizationServerError } from "./errors";
import { tokenType } from "./grants";

// Token introspection (RFC 7662) for resource servers other than /mcp: a team's own MCP server (or
// any API) behind Keyway asks whether a token it was handed is active. The caller is a service
// account's confidential client; it learns about tokens of its own organization only. Anyone else,
// and any token that is not active for it, gets `{ "active": false }` and nothing more, so the
// endpoint tells a scanner nothing (section 2.2). Introspecting does not count against the token's
// rate limit or appear in its usage (like /api/v2/tokens/validate).

export type IntrospectionResponse =
  | { active: false }
  | {
      active: true;
      scope: string;
      token_type: "Bearer" | "DPoP";
      /** RFC 9449 section 6.2: the key a bound token is bound to. */
      cnf?: { jkt: string };
      sub: string;
      org: string;
      exp: number;
      iat: number;
      aud: string;
      iss: string;
      jti: string;
    };

const INACTIVE: IntrospectionResponse = { active: false };

export async function introspect(
  params: URLSearchParams,
  authorization: string | null,
): Promise<IntrospectionResponse> {
  let client;
  try {
    client = await authenticateServiceClient(params, authorization);
  } catch (error) {
    if (error instanceof AuthorizationServerError) return INACTIVE;
    throw error;
  }
  const token = single(params, "token");
  // token_type_hint is only a hint (section 2.1): every Keyway token is looked up the same way.
  single(params, "token_type_hint");
  if (!token) return INACTIVE;
  let principal;
  try {
    principal = await verifyApiToken(token);
  } catch (error) {
    if (error instanceof DomainError && error.code !== "service_unavailable" && error.code !== "internal_error") {
      return INACTIVE;
    }
    throw error;
  }
  if (principal.orgId !== client.orgId) return INACTIVE;
  const { iat } = decodeJwt(token);
  return {
    active: true,
    scope: principal.scopes.join(" "),
    token_type: tokenType(principal.dpopJkt),
    ...(principal.dpopJkt && { cnf: { jkt: principal.dpopJkt } }),
    sub: principal.userId,
    org: principal.orgId,
    exp: Math.floor(principal.expiresAt.getTime() / 1000),
    iat: iat ?? 0,
    aud: audiences.mcp(),
    iss: config().appUrl,
    jti: principal.tokenId,
  };
}
