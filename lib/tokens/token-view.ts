import type { ApiToken } from "../db/types";
import { normalizeScopes } from "../scopes";
import type { TokenStatus, TokenView } from "./schemas";
import { storedTools } from "../upstream/tool-permissions";

export function tokenStatus(token: Pick<ApiToken, "revokedAt" | "expiresAt">, now = new Date()): TokenStatus {
  if (token.revokedAt) return "revoked";
  return token.expiresAt.getTime() <= now.getTime() ? "expired" : "active";
}

export function parseStoredScopes(stored: string) {
  return normalizeScopes(stored.split(" "));
}

/** A token as the API shows it: only the listed fields, so a hash never leaves (the edge checks the schema too). */
export function toTokenView(token: ApiToken): TokenView {
  return {
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
    allowedAddresses: token.allowedAddresses ? token.allowedAddresses.split(" ") : [],
    approval: token.approval === "pending" || token.approval === "denied" ? token.approval : "approved",
    approvalReason: token.approvalReason,
    approvalNote: token.approvalNote,
    userId: token.userId,
    orgId: token.orgId,
    rotatedFromId: token.rotatedFromId,
    serverId: token.serverId,
    tools: storedTools(token.tools),
  };
}
