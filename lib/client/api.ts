// The browser's way to call Keyway's own REST API (the UI uses the API it ships).
export type ApiFailure = {
  ok: false;
  status: number;
  code: string;
  message: string;
  fields?: Record<string, string[]>;
};
export type ApiResult<T> = { ok: true; status: number; data: T } | ApiFailure;

/** A call to the API; a load the caller no longer wants is cancelled through `signal`. */
export async function apiFetch<T = unknown>(
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? "GET",
      headers: init.body === undefined ? undefined : { "Content-Type": "application/json" },
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
    message: error?.message ?? `The request failed (HTTP ${response.status}).`,
    fields: error?.fields,
  };
}
