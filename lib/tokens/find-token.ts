import { DomainError } from "../errors";
import { isStorableId } from "../validation";
import type { AccountUser } from "../auth/accounts";
import { managesOrganization } from "../auth/roles";
import { db } from "../db/client";
import type { Prisma } from "../db/types";
import type { TokenScope } from "./schemas";
import { PERSONAL, toTokenView, WITH_HOLDER } from "./token-view";
import { acrossSecrets, rotationHistories } from "./rotation-chain";

/** The tokens a list or an overview covers: the user's own, or the organization's for those who manage it. */
export function tokensInScope(user: AccountUser, scope: TokenScope): Prisma.ApiTokenWhereInput {
  if (scope === "organization" && !managesOrganization(user)) {
    throw new DomainError("forbidden", "Only organization owners and admins can see every token of the organization.");
  }
  return { orgId: user.orgId, ...(scope === "mine" && { userId: user.id }) };
}

/**
 * A personal token the user may act on: their own, or one of the organization's service accounts'
 * (owners and admins, who manage them), or (for `orgWide` actions by owners and admins) any token
 * of their organization. Anything else is a 404, so ids of other people's tokens leak nothing.
 */
export async function findTokenFor(user: AccountUser, id: string, { orgWide = false } = {}) {
  if (!isStorableId(id)) throw new DomainError("not_found", "No token with this id.");
  const manager = managesOrganization(user);
  const token = await db().apiToken.findFirst({
    where:
      orgWide && manager
        ? { id, orgId: user.orgId, ...PERSONAL }
        : {
            id,
            orgId: user.orgId,
            ...PERSONAL,
            OR: [{ userId: user.id }, ...(manager ? [{ user: { kind: "service" } }] : [])],
          },
    include: WITH_HOLDER,
  });
  if (!token) throw new DomainError("not_found", "No token with this id.");
  return token;
}

/** One token as the API shows it, with the secrets it replaced, last used with any of them. */
export async function showToken(user: AccountUser, id: string) {
  const token = await findTokenFor(user, id, { orgWide: true });
  return acrossSecrets(toTokenView(token), (await rotationHistories([token])).get(token.id)!);
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
