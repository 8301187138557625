import type { z } from "zod";
import { db } from "../db/client";
import { DomainError } from "../errors";
import type { AccountUser } from "../auth/accounts";
import { recordAuditEvent } from "../audit/record-audit-event";
import { findTokenFor } from "./find-token";
import { checkTokenChange, policyHolder } from "./policy";
import { expandScopes, normalizeScopes } from "../scopes";
import type { updateTokenSchema } from "./schemas";
import { nameKey, parseStoredScopes, toTokenView, WITH_HOLDER } from "./token-view";

/** Renames a token, changes its rate limit, or narrows its scopes; a token's power never grows. */
export async function updateToken(user: AccountUser, id: string, input: z.infer<typeof updateTokenSchema>) {
  const token = await findTokenFor(user, id);
  if (token.revokedAt) throw new DomainError("conflict", "This token is revoked and cannot be changed.");
  let scopes: string | undefined;
  if (input.scopes) {
    // write:X holds read:X, so narrowing write:tasks to read:tasks is a narrowing.
    const held = new Set(expandScopes(parseStoredScopes(token.scopes)));
    const added = input.scopes.filter((scope) => !held.has(scope));
    if (added.length) {
      throw new DomainError(
        "validation_error",
        `scopes can only be narrowed; this token does not have ${added.join(", ")}`,
        {
          fields: { scopes: [`cannot add ${added.join(", ")}`] },
        },
      );
    }
    scopes = normalizeScopes(input.scopes).join(" ");
  }
  // The same policy as create and rotate: a raised limit or an emptied address list is refused.
  await checkTokenChange(policyHolder(user, token), token, {
    scopes: input.scopes && normalizeScopes(input.scopes),
    rateLimitPerHour: input.rateLimitPerHour,
    allowedAddresses: input.allowedAddresses,
  });
  return db().$transaction(async (tx) => {
    const row = await tx.apiToken.update({
      where: { id },
      data: {
        name: input.name,
        nameKey: input.name === undefined ? undefined : nameKey(input.name),
        description: input.description,
        rateLimitPerHour: input.rateLimitPerHour,
        scopes,
        allowedAddresses: input.allowedAddresses?.join(" "),
      },
      include: WITH_HOLDER,
    });
    await recordAuditEvent(tx, {
      orgId: token.orgId,
      actorUserId: user.id,
      clientAddress: user.clientAddress,
      action: "token.updated",
      targetType: "api_token",
      targetId: id,
      metadata: { ...input },
    });
    return toTokenView(row);
  });
}
