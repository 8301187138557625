// The UI's calls to /api/v2/tokens and the service accounts' tokens, typed by the same schemas the
// server answers with.
import type {
  CreateTokenInput,
  ListTokensQuery,
  RequestLogEntry,
  RotationOverlap,
  TokenList,
  TokenUsage,
  TokenView,
  TokenWithSecret,
  UpdateTokenInput,
  UsageWindow,
} from "../tokens/schemas";
import type { ConnectedApp } from "../oauth/schemas";
import type { ServiceAccount } from "../teams/schemas";
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
  update(id: string, changes: UpdateTokenInput) {
    return apiFetch<TokenView>(`/api/v2/tokens/${encodeURIComponent(id)}`, { method: "PATCH", body: changes });
  },
  revoke(id: string) {
    return apiFetch<TokenView>(`/api/v2/tokens/${encodeURIComponent(id)}`, { method: "DELETE" });
  },
  rotate(id: string, overlap: RotationOverlap = "none") {
    return apiFetch<TokenWithSecret & { previous: { id: string; stopsAt: string } }>(
      `/api/v2/tokens/${encodeURIComponent(id)}/rotate`,
      { method: "POST", body: { overlap } },
    );
  },
};

/** What a usage view is about: a personal token, or a connected app (all its access tokens). */
export type UsageSubject = { kind: "token" | "app"; id: string };
const subjectPath = ({ kind, id }: UsageSubject) =>
  `/api/v2/${kind === "token" ? "tokens" : "connected-apps"}/${encodeURIComponent(id)}`;

export const usageApi = {
  usage(subject: UsageSubject, window: UsageWindow, signal?: AbortSignal) {
    return apiFetch<Pick<TokenUsage, "window" | "lastUsedAt" | "totals" | "series" | "byTool">>(
      `${subjectPath(subject)}/usage?window=${window}`,
      { signal },
    );
  },
  requests(subject: UsageSubject, cursor: string | null, signal?: AbortSignal) {
    const query = new URLSearchParams({ limit: "25", ...(cursor && { cursor }) });
    return apiFetch<{ requests: RequestLogEntry[]; nextCursor: string | null }>(
      `${subjectPath(subject)}/requests?${query}`,
      { signal },
    );
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

/** The Organization page's calls for service accounts and the tokens they hold. */
export const serviceAccountsApi = {
  list(signal?: AbortSignal) {
    return apiFetch<{ serviceAccounts: ServiceAccount[] }>("/api/v2/service-accounts", { signal });
  },
  create(name: string) {
    return apiFetch<ServiceAccount>("/api/v2/service-accounts", { method: "POST", body: { name } });
  },
  update(id: string, changes: { name?: string; disabled?: boolean }) {
    return apiFetch<ServiceAccount>(`/api/v2/service-accounts/${encodeURIComponent(id)}`, {
      method: "PATCH",
      body: changes,
    });
  },
  remove(id: string) {
    return apiFetch<ServiceAccount>(`/api/v2/service-accounts/${encodeURIComponent(id)}`, { method: "DELETE" });
  },
  tokens(id: string, signal?: AbortSignal) {
    return apiFetch<TokenList>(`/api/v2/service-accounts/${encodeURIComponent(id)}/tokens?status=active`, { signal });
  },
  createToken(id: string, input: CreateTokenInput) {
    return apiFetch<TokenWithSecret>(`/api/v2/service-accounts/${encodeURIComponent(id)}/tokens`, {
      method: "POST",
      body: input,
    });
  },
};
