// Keyset pagination by id, newest first: ask for one row more than the page to know if another follows.
export function pageArgs(limit: number, cursor: string | undefined) {
  return { take: limit + 1, ...(cursor && { cursor: { id: cursor }, skip: 1 }) };
}

export function toPage<T extends { id: string }>(rows: T[], limit: number): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  return { page, nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}
