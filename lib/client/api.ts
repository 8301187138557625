// The one way to call Keyway's REST API from the pages (and from the tests): a call names the
// operation it makes (lib/api/operations), so its path, method, parameters, body and answer types
// all come from the declaration the server binds its handler to.
import type { z } from "zod";
import { asSentence } from "./format";
import type { Operation } from "../api/operations/define";

export type ApiFailure = {
  ok: false;
  status: number;
  code: string;
  message: string;
  fields?: Record<string, string[]>;
};
export type ApiResult<T> = { ok: true; status: number; data: T } | ApiFailure;

/** The names of a path's `{parameters}`. */
type PathParams<P extends string> = P extends `${string}{${infer Name}}${infer Rest}` ? Name | PathParams<Rest> : never;

/** What a call of `O` takes: its path parameters, query, body, and a signal to abort it. */
export type CallArgs<O extends Operation> = ([PathParams<O["path"]>] extends [never]
  ? unknown
  : { params: Record<PathParams<O["path"]>, string> }) &
  (O extends { body: infer B extends z.ZodType }
    ? O extends { bodyOptional: true }
      ? { body?: z.input<B> }
      : { body: z.input<B> }
    : unknown) &
  (O extends { query: infer Q extends z.ZodType } ? { query?: Partial<z.input<Q>> } : unknown) & {
    signal?: AbortSignal;
  };

/** The body of `O`'s success answer, as its output schema describes it (null for 204). */
export type ResultOf<O extends Operation> = O["ok"] extends readonly [number, infer S extends z.ZodType]
  ? z.output<S>
  : null;

type Rest<O extends Operation> = object extends CallArgs<O> ? [args?: CallArgs<O>] : [args: CallArgs<O>];

/** The URL of a call: `/api/v2` + the operation's path with its parameters filled in, + its query. */
export function operationUrl<O extends Operation>(operation: O, args?: CallArgs<O>): string {
  const { params, query } = (args ?? {}) as { params?: Record<string, string>; query?: Record<string, unknown> };
  const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params?.[name] ?? ""));
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) search.set(key, String(value));
  return `/api/v2${path}${search.size > 0 ? `?${search}` : ""}`;
}

export type ApiClientOptions = {
  /** Where Keyway is; the page's own origin when left out. */
  base?: string;
  /** Sent with every call (a test's `Authorization`); a page relies on its session cookie. */
  headers?: Record<string, string>;
};

/** A client of the API; `callApi` is the pages' (same origin, session cookie). */
export function createApiClient({ base = "", headers = {} }: ApiClientOptions = {}) {
  return function call<O extends Operation>(operation: O, ...[args]: Rest<O>): Promise<ApiResult<ResultOf<O>>> {
    const { body, signal } = (args ?? {}) as { body?: unknown; signal?: AbortSignal };
    return request<ResultOf<O>>(`${base}${operationUrl(operation, args)}`, {
      method: operation.method.toUpperCase(),
      body,
      headers,
      signal,
    });
  };
}

export const callApi = createApiClient();

/** One request: every failure, the network's included, comes back as an ApiFailure; an abort throws. */
export async function request<T>(
  url: string,
  init: { method: string; body?: unknown; headers?: Record<string, string>; signal?: AbortSignal },
): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method,
      headers: init.body === undefined ? init.headers : { "Content-Type": "application/json", ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: "same-origin",
      signal: init.signal,
    });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    return {
      ok: false,
      status: 0,
      code: "network_error",
      message: "Could not reach Keyway. Check your connection and try again.",
    };
  }
  const payload = await response.json().catch(() => null);
  if (response.ok) return { ok: true, status: response.status, data: payload as T };
  const error = (payload as { error?: { code?: string; message?: string; fields?: Record<string, string[]> } } | null)
    ?.error;
  return {
    ok: false,
    status: response.status,
    code: error?.code ?? "unknown_error",
    message: readableMessage(error) ?? `The request failed (HTTP ${response.status}).`,
    fields: error?.fields,
  };
}

/**
 * What a page shows for a failure: the API's message, except that a validation error's
 * "field: problem" wire form (for programs) becomes the problems as sentences, so nobody reads
 * "code: not the code…" or a field name twice.
 */
function readableMessage(error: { message?: string; fields?: Record<string, string[]> } | undefined) {
  const problems = Object.values(error?.fields ?? {}).flatMap((messages) => messages.slice(0, 1));
  if (problems.length === 0) return error?.message;
  return problems.map(asSentence).join(" ");
}
