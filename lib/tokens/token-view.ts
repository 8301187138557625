import type { ApiToken } from "../db/types";
import { normalizeScopes } from "../scopes";
import type { TokenOrigin, TokenStatus, TokenView } from "./schemas";
import { storedTools } from "../upstream/tool-permissions";

export function tokenStatus(token: Pick<ApiToken, "revokedAt" | "expiresAt">, now = new Date()): TokenStatus {
  if (token.revokedAt) return "revoked";
  return token.expiresAt.getTime() <= now.getTime() ? "expired" : "active";
}

export function parseStoredScopes(stored: string) {
  return normalizeScopes(stored.split(" "));
}

/** The name as lists sort it: in lower case, so case does not split the alphabet. */
export const nameKey = (name: string) => name.toLowerCase();

/** What a token is read with to be shown: who holds it. */
/**
 * Personal tokens: made by people, for themselves or a service account. What OAuth issues (to an
 * app, a service account's client, a workload) and tokens handed on by delegation are listed
 * where they came from instead.
 */
export const PERSONAL = { grantId: null, serviceClientId: null, trustPolicyId: null, delegatedFromId: null } as const;

export function originOf(token: {
  grantId: string | null;
  serviceClientId: string | null;
  trustPolicyId: string | null;
  delegatedFromId: string | null;
}): TokenOrigin {
  if (token.delegatedFromId) return "delegation";
  if (token.grantId) return "connected_app";
  if (token.serviceClientId) return "service_client";
  if (token.trustPolicyId) return "workload";
  return "personal";
}

export const WITH_HOLDER = {
  user: { select: { kind: true, name: true, email: true } },
  createdBy: { select: { id: true, name: true, email: true } },
} as const;
type Person = { name: string | null; email: string };
export type HeldToken = ApiToken & { user: Person & { kind: string }; createdBy: (Person & { id: string }) | null };

/** A token as the API shows it: only the listed fields, so a hash never leaves (the edge checks the schema too). */
export function toTokenView(token: HeldToken): TokenView {
  return {
    id: token.id,
    name: token.name,
    hint: token.hint,
    description: token.description,
    createdBy: token.createdBy && { id: token.createdBy.id, name: token.createdBy.name ?? token.createdBy.email },
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
    holder: {
      kind: token.user.kind === "service" ? "service_account" : "person",
      id: token.userId,
      name: token.user.name ?? token.user.email,
    },
    orgId: token.orgId,
    rotatedFromId: token.rotatedFromId,
    serverId: token.serverId,
    tools: storedTools(token.tools),
  };
}
