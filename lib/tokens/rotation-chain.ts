import { db } from "../db/client";

// A token rotated keeps one identity across its secrets: the successor row, and the rows it
// replaced (each `rotatedFromId` one generation back). What people ask of "the token" (when it was
// last used, how much, the request log) is asked of every secret in that chain, so an overlap
// shows whether clients have moved to the new secret and the calls before a rotation stay visible.

export type PreviousSecret = {
  id: string;
  hint: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
};

/** For each token, the secrets it replaced by rotation, newest first: one query per generation. */
export async function rotationHistories(rows: { id: string; rotatedFromId: string | null }[]) {
  const histories = new Map<string, PreviousSecret[]>(rows.map((row) => [row.id, []]));
  let frontier = rows.flatMap((row) => (row.rotatedFromId ? [{ head: row.id, id: row.rotatedFromId }] : []));
  for (let generation = 0; frontier.length && generation < 100; generation++) {
    const found = await db().apiToken.findMany({
      where: { id: { in: frontier.map((entry) => entry.id) } },
      select: {
        id: true,
        hint: true,
        createdAt: true,
        expiresAt: true,
        revokedAt: true,
        lastUsedAt: true,
        rotatedFromId: true,
      },
    });
    const byId = new Map(found.map((row) => [row.id, row]));
    const next: typeof frontier = [];
    for (const { head, id } of frontier) {
      const row = byId.get(id);
      if (!row) continue;
      histories.get(head)!.push({
        id: row.id,
        hint: row.hint,
        createdAt: row.createdAt.toISOString(),
        expiresAt: row.expiresAt.toISOString(),
        revokedAt: row.revokedAt?.toISOString() ?? null,
        lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
      });
      if (row.rotatedFromId) next.push({ head, id: row.rotatedFromId });
    }
    frontier = next;
  }
  return histories;
}

/** The ids of every secret of a token: its own and those it replaced (its `history`). */
export function idsAcross(id: string, history: readonly PreviousSecret[]): string[] {
  return [id, ...history.map((previous) => previous.id)];
}

/** The ids of every secret of one token, its history read first. */
export async function secretIds(token: { id: string; rotatedFromId: string | null }): Promise<string[]> {
  return idsAcross(token.id, (await rotationHistories([token])).get(token.id)!);
}

/** A token's view across its secrets: the ones it replaced, and when it was last used with any of them. */
export function acrossSecrets<V extends { lastUsedAt: string | null }>(view: V, history: PreviousSecret[]) {
  const lastUsedAt = [view.lastUsedAt, ...history.map((previous) => previous.lastUsedAt)]
    .filter((at): at is string => at !== null)
    .reduce<string | null>((latest, at) => (latest === null || at > latest ? at : latest), null);
  return { ...view, lastUsedAt, history };
}
