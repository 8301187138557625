// The API Tokens page's calls to /api/v2/tokens, typed by the same schemas the server answers with.
import type {
  CreateTokenInput,
  ListTokensQuery,
  TokenList,
  TokenUsage,
  TokenView,
  TokenWithSecret,
  UsageWindow,
} from "../tokens/schemas";
import type { ConnectedApp } from "../oauth/schemas";
import { apiFetch } from "./api";

export const tokensApi = {
  list(query: ListTokensQuery, signal?: AbortSignal) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
    return apiFetch<TokenList>(`/api/v2/tokens?${params}`, { signal });
  },
  create(input: CreateTokenInput) {
    return apiFetch<TokenWithSecret>("/api/v2/tokens", { method: "POST", body: input });
  },
  update(id: string, changes: { name?: string; rateLimitPerHour?: number; allowedAddresses?: string[] }) {
    return apiFetch<TokenView>(`/api/v2/tokens/${encodeURIComponent(id)}`, { method: "PATCH", body: changes });
  },
  revoke(id: string) {
    return apiFetch<TokenView>(`/api/v2/tokens/${encodeURIComponent(id)}`, { method: "DELETE" });
  },
  rotate(id: string) {
    return apiFetch<TokenWithSecret>(`/api/v2/tokens/${encodeURIComponent(id)}/rotate`, { method: "POST" });
  },
  usage(id: string, window: UsageWindow, signal?: AbortSignal) {
    return apiFetch<TokenUsage>(`/api/v2/tokens/${encodeURIComponent(id)}/usage?window=${window}`, { signal });
  },
};

export const connectedAppsApi = {
  list(scope: "mine" | "organization", signal?: AbortSignal) {
    return apiFetch<{ apps: ConnectedApp[] }>(`/api/v2/connected-apps?scope=${scope}`, { signal });
  },
  revoke(id: string) {
    return apiFetch<ConnectedApp>(`/api/v2/connected-apps/${encodeURIComponent(id)}`, { method: "DELETE" });
  },
};
