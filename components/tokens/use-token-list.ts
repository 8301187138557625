"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { tokensApi } from "@/lib/client/tokens-api";
import type { TOKEN_SORTS, TokenListItem, TokenStatus } from "@/lib/tokens/schemas";

export type TokenSort = (typeof TOKEN_SORTS)[number];

export type ListScope = "mine" | "organization";
export type TokenListState = ReturnType<typeof useTokenList>;

const PAGE_SIZE = 20;

/**
 * The token list with its filters, search and sort, Active tokens first shown. A new load
 * (filters changed, reload(), the page unmounted) cancels the one before it, so a slow stale
 * answer never overwrites a newer one.
 */
export function useTokenList() {
  const [scope, setScope] = useState<ListScope>("mine");
  const [status, setStatus] = useState<TokenStatus | undefined>("active");
  const [search, setSearch] = useState("");
  const [sort, setSort] = useState<TokenSort>("created");
  const [tokens, setTokens] = useState<TokenListItem[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<string>();
  const inFlight = useRef<AbortController | null>(null);

  const load = useCallback(
    async (cursor?: string) => {
      inFlight.current?.abort();
      const controller = new AbortController();
      inFlight.current = controller;
      if (!cursor) setTokens(null);
      try {
        const q = search.trim() || undefined;
        const result = await tokensApi.list({ scope, status, q, sort, cursor, limit: PAGE_SIZE }, controller.signal);
        if (controller.signal.aborted) return;
        if (!result.ok) {
          setError(result.message);
          return;
        }
        setError(undefined);
        setTokens((current) => (cursor && current ? [...current, ...result.data.tokens] : result.data.tokens));
        setNextCursor(result.data.nextCursor);
      } catch (error) {
        if (!controller.signal.aborted) throw error;
      }
    },
    [scope, status, search, sort],
  );

  useEffect(() => {
    // Typing in the search box waits for a pause before asking the server.
    const timer = setTimeout(() => void load(), search ? 250 : 0);
    return () => {
      clearTimeout(timer);
      inFlight.current?.abort();
    };
  }, [load, search]);

  return {
    scope,
    setScope,
    status,
    setStatus,
    search,
    setSearch,
    sort,
    setSort,
    tokens,
    error,
    hasMore: nextCursor !== null,
    reload: useCallback(() => load(), [load]),
    loadMore: useCallback(() => (nextCursor ? load(nextCursor) : Promise.resolve()), [load, nextCursor]),
  };
}
