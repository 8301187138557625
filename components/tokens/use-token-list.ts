"use client";

import { useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { exportTokens, listTokens } from "@/lib/api/operations";
import { operationUrl, type ResultOf } from "@/lib/client/api";
import type { ExportFormat } from "@/lib/export";
import { useAddressQuery } from "@/lib/client/use-address-query";
import { useApiPages } from "@/lib/client/use-api-load";
import type { TokenListItem, TokenStatus } from "@/lib/tokens/schemas";
import { listQuery, listViewFrom, listViewParams, type ListScope, type TokenSort } from "./list-view";

export type { ListScope, TokenSort } from "./list-view";
export type TokenListState = ReturnType<typeof useTokenList>;

/**
 * The token list with its filters, search and sort, Active tokens first shown. The view starts
 * from the address and keeps it up to date, so a reload or a shared link shows the same list;
 * `initial` is its first page as the server rendered it. Each change of the view is another load,
 * which cancels the one before it (useApiLoad), so a slow stale answer never overwrites a newer one.
 */
export function useTokenList(initial?: ResultOf<typeof listTokens>) {
  const params = useSearchParams();
  const [view] = useState(() => listViewFrom(params));
  const [scope, setScope] = useState<ListScope>(view.scope);
  const [status, setStatus] = useState<TokenStatus | undefined>(view.status);
  const [search, setSearch] = useState(view.search);
  const [sort, setSort] = useState<TokenSort>(view.sort);
  // Typing in the search box waits for a pause before asking the server.
  const [q, setQ] = useState(view.search);
  useEffect(() => {
    const timer = setTimeout(() => setQ(search), search ? 250 : 0);
    return () => clearTimeout(timer);
  }, [search]);
  const current = { scope, status, search: q, sort };
  useAddressQuery(listViewParams(current));

  const query = listQuery(current);
  const pages = useApiPages(listTokens, { query }, "tokens", { initial });
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
    total: pages.data?.total ?? null,
    error: pages.error ?? undefined,
    hasMore: pages.hasMore,
    // "Try again" and a change made elsewhere: the list as it is now, and no old failure.
    reload: () => {
      setError(null);
      reload();
    },
    loadMore: pages.more,
    /** The whole list as it is filtered and sorted now, as a file. */
    exportHref: (format: ExportFormat) => {
      const { limit: _pageSize, ...filter } = query;
      return operationUrl(exportTokens, { query: { ...filter, format } });
    },
  };
}
