import { DomainError } from "../errors";
import { isStorableId } from "../validation";
import type { AccountUser } from "../auth/accounts";
import { managesOrganization } from "../auth/roles";
import { db } from "../db/client";

/**
 * A personal token the user may act on: their own, or (for `orgWide` actions by owners and admins) any
 * token of their organization. Anything else is a 404, so ids of other people's tokens leak nothing.
 */
export async function findTokenFor(user: AccountUser, id: string, { orgWide = false } = {}) {
  if (!isStorableId(id)) throw new DomainError("not_found", "No token with this id.");
  const token = await db().apiToken.findFirst({
    where:
      orgWide && managesOrganization(user)
        ? { id, orgId: user.orgId, grantId: null }
        : { id, userId: user.id, orgId: user.orgId, grantId: null },
  });
  if (!token) throw new DomainError("not_found", "No token with this id.");
  return token;
}

/** A token a link may open for the user (its id and name), or null when it is not theirs to see. */
export async function linkableToken(user: AccountUser, id: string) {
  try {
    const token = await findTokenFor(user, id, { orgWide: true });
    return { id: token.id, name: token.name };
  } catch (error) {
    if (error instanceof DomainError && error.code === "not_found") return null;
    throw error;
  }
}
