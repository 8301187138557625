import { db } from "../db/client";

// A token exchanged from another (RFC 8693 delegation, lib/oauth/delegation.ts) names it in
// `delegatedFromId`; the chain runs up to a token nobody delegated. Verification refuses a token
// whenever any token up its chain is refused (lib/tokens/verify-token.ts), so revoking one stops
// everything handed on from it, by every path that revokes.

/** The longest chain of delegations: an agent hands on, and its sub-agent may hand on again, a few times. */
export const MAX_DELEGATION_DEPTH = 4;

export type DelegationLink = { id: string; name: string; hint: string };

/** The tokens a token was exchanged from, nearest first, starting at its `delegatedFromId`. */
export async function delegationChain(delegatedFromId: string | null): Promise<DelegationLink[]> {
  const chain: DelegationLink[] = [];
  let next = delegatedFromId;
  while (next && chain.length <= MAX_DELEGATION_DEPTH) {
    const row = await db().apiToken.findUnique({
      where: { id: next },
      select: { id: true, name: true, hint: true, delegatedFromId: true },
    });
    if (!row) break;
    chain.push({ id: row.id, name: row.name, hint: row.hint });
    next = row.delegatedFromId;
  }
  return chain;
}

/** `ids` and every token handed on from them, however deep: what "the token's usage" covers. */
export async function withDelegated(ids: readonly string[]): Promise<string[]> {
  const all = [...ids];
  let frontier = [...ids];
  for (let depth = 0; frontier.length && depth < MAX_DELEGATION_DEPTH; depth++) {
    const found = await db().apiToken.findMany({ where: { delegatedFromId: { in: frontier } }, select: { id: true } });
    frontier = found.map((row) => row.id);
    all.push(...frontier);
  }
  return all;
}
