import type { z } from "zod";
import type { AccountUser } from "../auth/accounts";
import { recordUserAction } from "../audit/record-audit-event";
import { db } from "../db/client";
import { DomainError } from "../errors";
import { checkTokenPolicy } from "./policy";
import { DAY_MS } from "../time";
import { issueToken } from "./issue-token";
import type { createTokenSchema } from "./schemas";
import { toTokenView } from "./token-view";
import { serverOfOrganization } from "../upstream/servers";

/**
 * A token for `holder`, made by `user`: the user's own, or (owners and admins, see
 * lib/teams/service-accounts.ts) one of the organization's service accounts. The policy is the
 * holder's; the audit trail names the person who acted.
 */
export async function createToken(user: AccountUser, input: z.infer<typeof createTokenSchema>, holder = user) {
  const { needsApproval } = await checkTokenPolicy(holder, input);
  if (needsApproval && !input.approvalReason) {
    throw new DomainError(
      "validation_error",
      "approvalReason: your organization's admins approve write tokens; say why you need it",
      {
        fields: { approvalReason: ["say why you need this token; an owner or admin approves it"] },
      },
    );
  }
  const server = input.server ? await serverOfOrganization(holder.orgId, input.server) : null;
  return db().$transaction(async (tx) => {
    const { row, token, resource } = await issueToken(tx, {
      server,
      tools: input.tools,
      ...(needsApproval && { pendingApproval: { reason: input.approvalReason ?? null } }),
      name: input.name,
      description: input.description,
      createdById: user.id,
      scopes: input.scopes,
      rateLimitPerHour: input.rateLimitPerHour,
      lifetimeMs: input.expiresInDays * DAY_MS,
      allowedAddresses: input.allowedAddresses,
      userId: holder.id,
      orgId: holder.orgId,
    });
    await recordUserAction(tx, user, {
      action: "token.created",
      targetType: "api_token",
      targetId: row.id,
      metadata: {
        name: row.name,
        scopes: row.scopes.split(" "),
        expiresAt: row.expiresAt.toISOString(),
        allowedAddresses: input.allowedAddresses,
        ...(needsApproval && { approval: "pending" }),
        ...(holder.id !== user.id && { serviceAccountId: holder.id }),
        ...(server && { server: server.slug, tools: row.tools?.split(" ") ?? null }),
      },
    });
    return { ...toTokenView(row), token, resource };
  });
}
