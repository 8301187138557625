"use client";

import { KeyRound } from "lucide-react";
import { useCallback, useEffect, useState } from "react";
import { Dialog } from "@/components/dialog";
import { StatusBadge } from "@/components/status-badge";
import { Alert, Button, Card, cx } from "@/components/ui";
import { apiFetch } from "@/lib/client/api";
import { exactTime, expiresSoon, relativeTime } from "@/lib/client/format";
import type { IssuedToken, TokenListItem } from "./types";
import { TokenUsage } from "./token-usage";

type Props = {
  userId: string;
  canSeeOrganization: boolean;
  /** Changes whenever the list must be fetched again (a token was created elsewhere). */
  refreshKey: number;
  onIssued: (token: IssuedToken) => void;
  onGenerate: () => void;
};

type Confirm = { kind: "revoke" | "rotate"; token: TokenListItem } | null;

export function TokenList({ userId, canSeeOrganization, refreshKey, onIssued, onGenerate }: Props) {
  const [scope, setScope] = useState<"mine" | "organization">("mine");
  const [status, setStatus] = useState<"" | "active" | "expired" | "revoked">("");
  const [tokens, setTokens] = useState<TokenListItem[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<string>();
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [working, setWorking] = useState(false);
  const [actionError, setActionError] = useState<string>();
  const [usageFor, setUsageFor] = useState<TokenListItem | null>(null);
  const [notice, setNotice] = useState<string>();

  const load = useCallback(
    async (cursor?: string) => {
      const params = new URLSearchParams({ scope, limit: "20" });
      if (status) params.set("status", status);
      if (cursor) params.set("cursor", cursor);
      const result = await apiFetch<{ tokens: TokenListItem[]; nextCursor: string | null }>(`/api/v2/tokens?${params}`);
      if (!result.ok) {
        setError(result.message);
        return;
      }
      setError(undefined);
      setTokens((current) => (cursor && current ? [...current, ...result.data.tokens] : result.data.tokens));
      setNextCursor(result.data.nextCursor);
    },
    [scope, status],
  );

  useEffect(() => {
    setTokens(null);
    void load();
  }, [load, refreshKey]);

  async function runConfirmed() {
    if (!confirm) return;
    setWorking(true);
    setActionError(undefined);
    const { kind, token } = confirm;
    const result =
      kind === "revoke"
        ? await apiFetch(`/api/v2/tokens/${token.id}`, { method: "DELETE" })
        : await apiFetch<IssuedToken>(`/api/v2/tokens/${token.id}/rotate`, { method: "POST" });
    setWorking(false);
    if (!result.ok) {
      setActionError(result.message);
      return;
    }
    setConfirm(null);
    setNotice(
      kind === "revoke"
        ? `Revoked “${token.name}”. Requests with it now fail.`
        : `Rotated “${token.name}”. The old secret no longer works.`,
    );
    if (kind === "rotate") onIssued(result.data as IssuedToken);
    await load();
  }

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium">Status</span>
          <select
            value={status}
            onChange={(e) => setStatus(e.target.value as typeof status)}
            className="rounded-md border border-slate-300 bg-white px-2 py-1.5"
          >
            <option value="">All</option>
            <option value="active">Active</option>
            <option value="expired">Expired</option>
            <option value="revoked">Revoked</option>
          </select>
        </label>
        {canSeeOrganization && (
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={scope === "organization"}
              onChange={(e) => setScope(e.target.checked ? "organization" : "mine")}
              className="size-4 accent-indigo-600"
            />
            Show all tokens in my organization
          </label>
        )}
      </div>

      {notice && <Alert tone="success">{notice}</Alert>}
      {error && (
        <Alert>
          {error}{" "}
          <button type="button" className="underline" onClick={() => void load()}>
            Try again
          </button>
        </Alert>
      )}
      {tokens === null && !error && (
        <div role="status" className="flex flex-col gap-3" aria-label="Loading tokens">
          {[0, 1].map((i) => (
            <div key={i} className="h-28 animate-pulse rounded-lg bg-slate-200/60" />
          ))}
        </div>
      )}
      {tokens?.length === 0 && (
        <Card className="flex flex-col items-center gap-3 py-10 text-center">
          <KeyRound aria-hidden className="size-8 text-slate-400" />
          <p className="text-sm text-slate-700">{status ? `No ${status} tokens.` : "You have no tokens yet."}</p>
          {!status && <Button onClick={onGenerate}>Generate your first token</Button>}
        </Card>
      )}
      {tokens && tokens.length > 0 && (
        <ul aria-label="Tokens" className="flex flex-col gap-3">
          {tokens.map((token) => {
            const soon = token.status === "active" && expiresSoon(token.expiresAt);
            const mine = token.userId === userId;
            return (
              <li key={token.id} aria-label={token.name}>
                <Card className={cx(token.status !== "active" && "bg-slate-50")}>
                  <div className="flex flex-wrap items-start justify-between gap-2">
                    <div className="min-w-0">
                      <h3 className="truncate font-medium">{token.name}</h3>
                      <p className="font-mono text-xs text-slate-500">
                        …{token.hint}
                        {!mine && " · another member's token"}
                      </p>
                    </div>
                    <StatusBadge value={token.status} />
                  </div>
                  <ul aria-label="Scopes" className="mt-2 flex flex-wrap gap-1">
                    {token.scopes.map((s) => (
                      <li key={s} className="rounded bg-slate-100 px-2 py-0.5 font-mono text-xs text-slate-700">
                        {s}
                      </li>
                    ))}
                  </ul>
                  <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-4">
                    <div>
                      <dt className="text-xs text-slate-500">Created</dt>
                      <dd title={exactTime(token.createdAt)}>{relativeTime(token.createdAt)}</dd>
                    </div>
                    <div>
                      <dt className="text-xs text-slate-500">
                        {token.status === "revoked" ? "Revoked" : token.status === "expired" ? "Expired" : "Expires"}
                      </dt>
                      <dd
                        title={exactTime(token.revokedAt ?? token.expiresAt)}
                        className={cx(soon && "font-medium text-amber-700")}
                      >
                        {relativeTime(token.revokedAt ?? token.expiresAt)}
                        {soon && " · expires soon"}
                      </dd>
                    </div>
                    <div>
                      <dt className="text-xs text-slate-500">Last used</dt>
                      <dd title={token.lastUsedAt ? exactTime(token.lastUsedAt) : undefined}>
                        {token.lastUsedAt ? relativeTime(token.lastUsedAt) : "Never"}
                      </dd>
                    </div>
                    <div>
                      <dt className="text-xs text-slate-500">Requests (24 h)</dt>
                      <dd>{token.requests24h.toLocaleString("en")}</dd>
                    </div>
                  </dl>
                  {token.revokedReason && <p className="mt-2 text-xs text-slate-500">Reason: {token.revokedReason}</p>}
                  <div className="mt-3 flex flex-wrap gap-2">
                    <Button
                      variant="secondary"
                      onClick={() => setUsageFor(token)}
                      aria-label={`Usage of ${token.name}`}
                    >
                      Usage
                    </Button>
                    {mine && token.status !== "revoked" && (
                      <Button
                        variant="secondary"
                        onClick={() => setConfirm({ kind: "rotate", token })}
                        aria-label={`Rotate ${token.name}`}
                      >
                        Rotate
                      </Button>
                    )}
                    {token.status !== "revoked" && (
                      <Button
                        variant="danger"
                        onClick={() => setConfirm({ kind: "revoke", token })}
                        aria-label={`Revoke ${token.name}`}
                      >
                        Revoke
                      </Button>
                    )}
                  </div>
                </Card>
              </li>
            );
          })}
        </ul>
      )}
      {nextCursor && (
        <Button variant="secondary" onClick={() => void load(nextCursor)}>
          Load more
        </Button>
      )}

      <Dialog
        open={confirm !== null}
        title={confirm?.kind === "revoke" ? `Revoke “${confirm.token.name}”?` : `Rotate “${confirm?.token.name}”?`}
        onDismiss={() => !working && setConfirm(null)}
      >
        <p className="text-sm text-slate-700">
          {confirm?.kind === "revoke"
            ? "Every client using this token stops working on its next request. This cannot be undone."
            : "You get a new secret with the same name, scopes and rate limit. The current secret stops working immediately."}
        </p>
        {actionError && <Alert>{actionError}</Alert>}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setConfirm(null)} disabled={working}>
            Cancel
          </Button>
          <Button
            variant={confirm?.kind === "revoke" ? "danger" : "primary"}
            onClick={() => void runConfirmed()}
            disabled={working}
          >
            {working ? "Working…" : confirm?.kind === "revoke" ? "Revoke token" : "Rotate token"}
          </Button>
        </div>
      </Dialog>

      <Dialog open={usageFor !== null} title={`Usage of “${usageFor?.name}”`} onDismiss={() => setUsageFor(null)} wide>
        {usageFor && <TokenUsage tokenId={usageFor.id} />}
        <div className="flex justify-end">
          <Button variant="secondary" onClick={() => setUsageFor(null)}>
            Close
          </Button>
        </div>
      </Dialog>
    </div>
  );
}
