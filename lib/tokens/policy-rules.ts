import type { Role } from "../auth/roles";
import type { Scope } from "../scopes";
import type { TokenPolicy } from "./schemas";

// The token policy's rules on one token, with no store behind them: the server decides with them
// (./policy.ts), and the Generate form offers only what they allow and says why before a request.

export type TokenRequest = {
  scopes: readonly Scope[];
  expiresInDays: number;
  rateLimitPerHour: number;
  allowedAddresses: readonly string[];
};

/** The scopes a holder of `role` may grant themselves (null: any); owners and admins are not limited. */
export function grantableScopes(policy: TokenPolicy, role: Role): readonly Scope[] | null {
  return role === "member" ? policy.memberScopes : null;
}

/** Whether the token waits for an owner's or admin's approval: a member's with a write scope, when the policy asks. */
export function needsApproval(policy: TokenPolicy, role: Role, scopes: readonly Scope[]): boolean {
  return policy.approvalForWrite && role === "member" && scopes.some((scope) => scope.startsWith("write:"));
}

/** Every problem a token would have under the policy, by field (empty when it keeps it). */
export function policyProblems(policy: TokenPolicy, role: Role, token: TokenRequest): Record<string, string> {
  const problems: Record<string, string> = {};
  if (policy.maxExpiryDays !== null && token.expiresInDays > policy.maxExpiryDays) {
    problems.expiresInDays = `your organization's policy allows at most ${policy.maxExpiryDays} days`;
  }
  if (policy.maxRateLimitPerHour !== null && token.rateLimitPerHour > policy.maxRateLimitPerHour) {
    problems.rateLimitPerHour = `your organization's policy allows at most ${policy.maxRateLimitPerHour} requests per hour`;
  }
  const grantable = grantableScopes(policy, role);
  const outside = grantable ? token.scopes.filter((scope) => !grantable.includes(scope)) : [];
  if (outside.length) problems.scopes = `your organization's policy does not let members grant ${outside.join(", ")}`;
  if (policy.requireAllowedAddresses && token.allowedAddresses.length === 0) {
    problems.allowedAddresses = "your organization's policy requires the client addresses the token may be used from";
  }
  return problems;
}
