import type { ApiToken } from "../db/types";
import { normalizeScopes } from "./scopes";
import { tokenViewSchema, type TokenStatus, type TokenView } from "./schemas";

export function tokenStatus(token: Pick<ApiToken, "revokedAt" | "expiresAt">, now = new Date()): TokenStatus {
  if (token.revokedAt) return "revoked";
  return token.expiresAt.getTime() <= now.getTime() ? "expired" : "active";
}

export function parseStoredScopes(stored: string) {
  return normalizeScopes(stored.split(" "));
}

/** Every token response passes through here: only the listed fields leave, so a hash never can. */
export function toTokenView(token: ApiToken): TokenView {
  return tokenViewSchema.parse({
    id: token.id,
    name: token.name,
    hint: token.hint,
    scopes: parseStoredScopes(token.scopes),
    status: tokenStatus(token),
    createdAt: token.createdAt.toISOString(),
    expiresAt: token.expiresAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
    revokedReason: token.revokedReason,
    rateLimitPerHour: token.rateLimitPerHour,
    userId: token.userId,
    orgId: token.orgId,
    rotatedFromId: token.rotatedFromId,
  });
}
