import { recordUserAction } from "../audit/record-audit-event";
import type { AccountUser } from "../auth/accounts";
import { db } from "../db/client";
import type { ApiToken } from "../db/types";
import { DomainError } from "../errors";
import { DAY_MS } from "../time";
import { normalizeScopes } from "../scopes";
import { revokeAppGrants } from "./revoke-holdings";
import { PERSONAL, parseStoredScopes, toTokenView, WITH_HOLDER } from "./token-view";
import type { TokenPolicy } from "./schemas";
import { needsApproval, policyProblems, type TokenRequest } from "./policy-rules";

// The organization's token policy: limits every new or rotated token must keep, which scopes
// members may grant themselves, whether members' write tokens wait for approval, and whether a
// client address list is required. A change applies to new tokens and lists the existing ones
// that exceed it (they are not revoked behind anyone's back).

export async function tokenPolicy(orgId: string): Promise<TokenPolicy> {
  const org = await db().organization.findUniqueOrThrow({ where: { id: orgId } });
  return {
    maxExpiryDays: org.policyMaxExpiryDays,
    maxRateLimitPerHour: org.policyMaxRateLimitPerHour,
    memberScopes:
      org.policyMemberScopes === null ? null : normalizeScopes(org.policyMemberScopes.split(" ").filter(Boolean)),
    approvalForWrite: org.policyApprovalForWrite,
    requireAllowedAddresses: org.policyRequireAddresses,
    appAccessTokenMinutes: org.policyAppAccessMinutes,
    appRefreshIdleDays: org.policyAppRefreshDays,
    connectedApps:
      org.policyConnectedApps === "approved" || org.policyConnectedApps === "none" ? org.policyConnectedApps : "any",
    requireDpop: org.policyRequireDpop,
  };
}

const APP_ACCESS_DEFAULT_MINUTES = 60;
const APP_REFRESH_DEFAULT_DAYS = 30;

/** How long a connected app's access token and an unused refresh chain live under the policy. */
export function appLifetimes(policy: TokenPolicy) {
  const accessMinutes = Math.min(
    policy.appAccessTokenMinutes ?? APP_ACCESS_DEFAULT_MINUTES,
    (policy.maxExpiryDays ?? 365) * 24 * 60,
  );
  return {
    accessMs: accessMinutes * 60_000,
    refreshIdleMs: (policy.appRefreshIdleDays ?? APP_REFRESH_DEFAULT_DAYS) * DAY_MS,
  };
}

/**
 * Whose role the policy judges a token by when `user` acts on it: their own, or, for a service
 * account's token (the only other kind an owner or admin acts on as its holder), a member's.
 */
export function policyHolder(user: AccountUser, token: { userId: string }): AccountUser {
  return token.userId === user.id ? user : { ...user, id: token.userId, role: "member" };
}

/** Refuses with every problem at once, each under its field, in a message that names no field. */
function refuse(problems: Record<string, string>) {
  const messages = Object.values(problems);
  if (messages.length === 0) return;
  throw new DomainError(
    "validation_error",
    messages.map((message) => `${message[0]!.toUpperCase()}${message.slice(1)}.`).join(" "),
    { fields: Object.fromEntries(Object.entries(problems).map(([field, message]) => [field, [message]])) },
  );
}

/** Checks a new or rotated token against the policy (the holder's role); says whether it must wait for approval. */
export async function checkTokenPolicy(user: Pick<AccountUser, "orgId" | "role">, token: TokenRequest) {
  const policy = await tokenPolicy(user.orgId);
  refuse(policyProblems(policy, user.role, token));
  return { needsApproval: needsApproval(policy, user.role, token.scopes), maxExpiryDays: policy.maxExpiryDays };
}

/**
 * Checks a change to an existing token (PATCH) against the policy: each field the change sets
 * must keep the policy, judged on the token as it would be after the change.
 */
export async function checkTokenChange(user: AccountUser, token: ApiToken, change: Partial<TokenRequest>) {
  const policy = await tokenPolicy(user.orgId);
  const changed = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined));
  const problems = policyProblems(policy, user.role, { ...tokenRequestOf(token), ...changed });
  refuse(Object.fromEntries(Object.entries(problems).filter(([name]) => name in changed)));
}

function tokenRequestOf(token: ApiToken): TokenRequest {
  return {
    scopes: parseStoredScopes(token.scopes),
    expiresInDays: Math.round((token.expiresAt.getTime() - token.createdAt.getTime()) / DAY_MS),
    rateLimitPerHour: token.rateLimitPerHour,
    allowedAddresses: token.allowedAddresses ? token.allowedAddresses.split(" ") : [],
  };
}

export async function updateTokenPolicy(user: AccountUser, policy: TokenPolicy) {
  if (
    policy.appAccessTokenMinutes !== null &&
    policy.maxExpiryDays !== null &&
    policy.appAccessTokenMinutes > policy.maxExpiryDays * 24 * 60
  ) {
    refuse({ appAccessTokenMinutes: "an app's access token cannot outlive the maximum expiry of tokens" });
  }
  await db().$transaction(async (tx) => {
    await tx.organization.update({
      where: { id: user.orgId },
      data: {
        policyMaxExpiryDays: policy.maxExpiryDays,
        policyMaxRateLimitPerHour: policy.maxRateLimitPerHour,
        policyMemberScopes: policy.memberScopes === null ? null : normalizeScopes(policy.memberScopes).join(" "),
        policyApprovalForWrite: policy.approvalForWrite,
        policyRequireAddresses: policy.requireAllowedAddresses,
        policyAppAccessMinutes: policy.appAccessTokenMinutes,
        policyAppRefreshDays: policy.appRefreshIdleDays,
        policyConnectedApps: policy.connectedApps,
        policyRequireDpop: policy.requireDpop,
      },
    });
    // From now on whatever the token endpoint issues proves a key: its bearer tokens stop now (an
    // app refreshes, with a proof if it can; a client, a workload or a delegating agent asks again).
    if (policy.requireDpop) {
      await tx.apiToken.updateMany({
        where: {
          orgId: user.orgId,
          revokedAt: null,
          dpopJkt: null,
          // What the token endpoint issued (apps', clients', workloads' and delegated tokens): not personal.
          NOT: PERSONAL,
        },
        data: { revokedAt: new Date(), revokedReason: "the organization requires DPoP-bound tokens" },
      });
    }
    // Apps the policy no longer lets anyone connect lose their grants now, not at their next refresh.
    if (policy.connectedApps !== "any") {
      await revokeAppGrants(
        tx,
        user.orgId,
        policy.connectedApps === "none"
          ? {}
          : { client: { approvals: { none: { orgId: user.orgId, status: "approved" } } } },
        policy.connectedApps === "none"
          ? "the organization no longer allows connected apps"
          : "app not approved by the organization",
      );
    }
    await recordUserAction(tx, user, {
      action: "policy.updated",
      targetType: "organization",
      targetId: user.orgId,
      metadata: { ...policy },
    });
  });
  // Existing active personal tokens that the new policy would not allow (members' scopes judged by the holder's role).
  const active = await db().apiToken.findMany({
    where: { orgId: user.orgId, ...PERSONAL, revokedAt: null, expiresAt: { gt: new Date() } },
    include: {
      ...WITH_HOLDER,
      user: {
        select: { ...WITH_HOLDER.user.select, memberships: { where: { orgId: user.orgId }, select: { role: true } } },
      },
    },
    orderBy: { createdAt: "desc" },
  });
  const exceeding = active.filter((token) => {
    const role = (token.user.memberships[0]?.role ?? "member") as AccountUser["role"];
    return Object.keys(policyProblems(policy, role, tokenRequestOf(token))).length > 0;
  });
  return { policy: await tokenPolicy(user.orgId), exceeding: exceeding.map((token) => toTokenView(token)) };
}
