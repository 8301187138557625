import { useCallback, useEffect, useRef, useState } from "react";
import type { Operation } from "../api/operations/define";
import { operationUrl, request, type CallArgs, type ResultOf } from "./api";

type GetOperation = Operation & { method: "get" };
type Update<T> = T | ((current: T) => T);
type LoadOptions<O extends GetOperation> = { initial?: ResultOf<O>; version?: number };

/**
 * The one way a page loads from Keyway's API: a GET operation (none while `args` is null), made
 * when the component mounts, when the call's URL changes and on each `reload()`. `data` is the
 * answer for the current URL (null until it arrives, so one resource's answer is never shown for
 * another); `error` the message of a failed load. A load nobody wants any more (the component
 * gone, or a newer one started) is aborted and never lands. `error` is the component's to share:
 * a failed change sets it too, and a later load leaves it as it is. Options: `initial`, the answer
 * for the first URL as the server rendered the page with it (no load until something changes);
 * `version`, a value owned by a parent whose change loads again (the parent's reload reaching a
 * list inside it).
 */
export function useApiLoad<O extends GetOperation>(
  operation: O,
  args: CallArgs<O> | null,
  { initial, version }: LoadOptions<O> = {},
) {
  const url = args === null ? null : operationUrl(operation, args);
  const [loaded, setLoaded] = useState<{ url: string; data: ResultOf<O> } | null>(() =>
    initial !== undefined && url !== null ? { url, data: initial } : null,
  );
  const [error, setError] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  const rendered = useRef(initial !== undefined);

  useEffect(() => {
    if (url === null) return; // nothing to load (yet, or for this person)
    if (rendered.current) {
      rendered.current = false; // the server's answer is this URL's first
      return;
    }
    const controller = new AbortController();
    request<ResultOf<O>>(url, { method: "GET", signal: controller.signal }).then(
      (result) => {
        if (controller.signal.aborted) return;
        if (result.ok) setLoaded({ url, data: result.data });
        else setError(result.message);
      },
      () => undefined, // aborted
    );
    return () => controller.abort();
  }, [url, round, version]);

  const reload = useCallback(() => setRound((current) => current + 1), []);
  // A change that answers with the new state shows it without loading again.
  const setData = useCallback(
    (update: Update<ResultOf<O>>) =>
      setLoaded((current) => {
        if (url === null) return current;
        if (typeof update !== "function") return { url, data: update };
        return current?.url === url
          ? { url, data: (update as (data: ResultOf<O>) => ResultOf<O>)(current.data) }
          : current;
      }),
    [url],
  );
  const data = loaded !== null && loaded.url === url ? loaded.data : null;
  return { data, setData, error, setError, reload };
}

type Page<K extends string> = { [P in K]: unknown[] } & { nextCursor: string | null };

/**
 * A list the API pages with `cursor` / `nextCursor` (under `key` in each answer): the first page
 * as `useApiLoad` loads it, and `more()` appending the next, dropped if the list's query changed
 * meanwhile.
 */
export function useApiPages<O extends GetOperation & { query: object }, K extends string>(
  operation: O,
  args: CallArgs<O> | null,
  key: K,
  options: LoadOptions<O> = {},
) {
  const first = useApiLoad(operation, args, options);
  const { setData, setError } = first;
  const [loadingMore, setLoadingMore] = useState(false);
  const data = first.data as (ResultOf<O> & Page<K>) | null;
  const cursor = data?.nextCursor ?? null;
  // The next page's URL: the same call with the cursor the last page answered.
  const nextUrl =
    args === null || cursor === null
      ? null
      : operationUrl(operation, { ...args, query: { ...(args as { query?: object }).query, cursor } } as CallArgs<O>);

  const more = useCallback(async () => {
    if (nextUrl === null) return;
    setLoadingMore(true);
    const result = await request<Page<K>>(nextUrl, { method: "GET" });
    setLoadingMore(false);
    if (!result.ok) return setError(result.message);
    setData((current) => {
      const page = current as ResultOf<O> & Page<K>;
      // Another cursor: the list moved on (a reload or an earlier `more`) and this page is stale.
      if (page.nextCursor !== cursor) return current;
      return { ...page, [key]: [...page[key], ...result.data[key]], nextCursor: result.data.nextCursor };
    });
  }, [nextUrl, cursor, key, setData, setError]);

  return {
    /** The answer with every page loaded so far (its other fields, a total, from the first). */
    data,
    items: (data?.[key] ?? null) as ResultOf<O>[K & keyof ResultOf<O>] | null,
    hasMore: cursor !== null,
    more,
    loadingMore,
    error: first.error,
    setError,
    reload: first.reload,
    setData,
  };
}
