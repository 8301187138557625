import { TOKEN_SORTS, TOKEN_STATUSES, type TokenStatus } from "@/lib/tokens/schemas";

// What the token list shows, as its address says it (shared by the page, which renders the first
// page on the server, and the list, which keeps the address up to date). Defaults stay out of it.

export type TokenSort = (typeof TOKEN_SORTS)[number];
export type ListScope = "mine" | "organization";
export type ListView = { scope: ListScope; status: TokenStatus | undefined; search: string; sort: TokenSort };

export const PAGE_SIZE = 20;

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  values.find((candidate) => candidate === value);

/** The view an address asks for: Active tokens, newest first, unless it says otherwise ("all": every status). */
export function listViewFrom(params: { get(name: string): string | null }): ListView {
  const status = params.get("status");
  return {
    scope: params.get("scope") === "organization" ? "organization" : "mine",
    status: status === "all" ? undefined : (oneOf(TOKEN_STATUSES, status) ?? "active"),
    search: params.get("q") ?? "",
    sort: oneOf(TOKEN_SORTS, params.get("sort")) ?? "created",
  };
}

/** The address's query for a view. */
export function listViewParams(view: ListView): Record<string, string | null> {
  return {
    scope: view.scope === "mine" ? null : view.scope,
    status: view.status === "active" ? null : (view.status ?? "all"),
    q: view.search.trim() || null,
    sort: view.sort === "created" ? null : view.sort,
  };
}

/** The API query of a view's first page. */
export function listQuery(view: ListView) {
  return {
    scope: view.scope,
    status: view.status,
    q: view.search.trim() || undefined,
    sort: view.sort,
    limit: PAGE_SIZE,
  };
}
