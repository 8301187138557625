"use client";

import { useEffect, useState } from "react";
import { listTokens } from "@/lib/api/operations";
import { useApiPages } from "@/lib/client/use-api-load";
import type { TOKEN_SORTS, TokenListItem, TokenStatus } from "@/lib/tokens/schemas";

export type TokenSort = (typeof TOKEN_SORTS)[number];

export type ListScope = "mine" | "organization";
export type TokenListState = ReturnType<typeof useTokenList>;

const PAGE_SIZE = 20;

/**
 * The token list with its filters, search and sort, Active tokens first shown. Each change of
 * them is another load, which cancels the one before it (useApiLoad), so a slow stale answer never
 * overwrites a newer one.
 */
export function useTokenList() {
  const [scope, setScope] = useState<ListScope>("mine");
  const [status, setStatus] = useState<TokenStatus | undefined>("active");
  const [search, setSearch] = useState("");
  const [sort, setSort] = useState<TokenSort>("created");
  // Typing in the search box waits for a pause before asking the server.
  const [q, setQ] = useState<string | undefined>(undefined);
  useEffect(() => {
    const timer = setTimeout(() => setQ(search.trim() || undefined), search ? 250 : 0);
    return () => clearTimeout(timer);
  }, [search]);

  const pages = useApiPages(listTokens, { query: { scope, status, q, sort, limit: PAGE_SIZE } }, "tokens");
  const { setError, reload } = pages;
  return {
    scope,
    setScope,
    status,
    setStatus,
    search,
    setSearch,
    sort,
    setSort,
    tokens: pages.items as TokenListItem[] | null,
    error: pages.error ?? undefined,
    hasMore: pages.hasMore,
    // "Try again" and a change made elsewhere: the list as it is now, and no old failure.
    reload: () => {
      setError(null);
      reload();
    },
    loadMore: pages.more,
  };
}
