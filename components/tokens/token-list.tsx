"use client";

import { KeyRound } from "lucide-react";
import { useState } from "react";
import { Alert, Button, Card } from "@/components/ui";
import { count, exactTime } from "@/lib/client/format";
import type { TokenListItem, TokenWithSecret } from "@/lib/tokens/schemas";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { revokeToken, revokeTokens } from "@/lib/api/operations";
import { callApi } from "@/lib/client/api";
import { EditTokenDialog } from "./edit-token-dialog";
import { RevokeDialog } from "./revoke-dialog";
import { RotateDialog } from "./rotate-dialog";
import { TokenRow } from "./token-row";
import { ExpiryReminder } from "./expiry-reminder";
import { TokenFilters } from "./token-filters";
import { UsageDialog } from "./usage-dialog";
import type { TokenListState } from "./use-token-list";

type Props = {
  list: TokenListState;
  userId: string;
  canSeeOrganization: boolean;
  onIssued: (token: TokenWithSecret) => void;
  onGenerate: () => void;
  linkedToken?: { id: string; name: string };
};

type Open =
  | { dialog: "rotate" | "revoke" | "edit"; token: TokenListItem }
  | { dialog: "revoke-previous"; token: TokenListItem; previousId: string }
  | { dialog: "usage"; token: { id: string; name: string } }
  | null;

export function TokenList({ list, userId, canSeeOrganization, onIssued, onGenerate, linkedToken }: Props) {
  // A link to /tokens?token=<id> opens that token's usage.
  const [open, setOpen] = useState<Open>(linkedToken ? { dialog: "usage", token: linkedToken } : null);
  const [notice, setNotice] = useState<string>();
  const { tokens, error, status } = list;
  // Tokens chosen for "Revoke selected" (those still shown in the list).
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const chosen = (tokens ?? []).filter((token) => selected.has(token.id));
  const [revokingSelected, setRevokingSelected] = useState(false);

  function done(message: string) {
    setOpen(null);
    setSelected(new Set());
    setNotice(message);
    void list.reload();
  }

  return (
    <div className="flex flex-col gap-4">
      {/* Drawn again when the list grows or shrinks, so a new token expiring soon shows at once. */}
      <ExpiryReminder key={list.total ?? -1} />
      <TokenFilters list={list} canSeeOrganization={canSeeOrganization} />

      {notice && <Alert tone="success">{notice}</Alert>}
      {error && (
        <Alert>
          {error}{" "}
          <button type="button" className="underline" onClick={() => void list.reload()}>
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
          <p className="text-sm text-slate-700">
            {list.search.trim()
              ? `No ${status ?? ""} tokens named like “${list.search.trim()}”.`
              : status === "active"
                ? "You have no active tokens yet."
                : status
                  ? `No ${status} tokens.`
                  : "You have no tokens yet."}
          </p>
          {!list.search.trim() && status !== "expired" && status !== "revoked" && (
            <Button onClick={onGenerate}>Generate your first token</Button>
          )}
        </Card>
      )}
      {tokens && tokens.length > 0 && (
        <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
          <p data-testid="token-count">
            {count(list.total ?? tokens.length, "token")}
            {list.total !== null && list.total > tokens.length && `, ${tokens.length} shown`}
          </p>
          <div className="flex flex-wrap items-center gap-3">
            <a className="text-indigo-700 underline" href={list.exportHref("csv")} download>
              Export CSV
            </a>
            <a className="text-indigo-700 underline" href={list.exportHref("jsonl")} download>
              Export JSON Lines
            </a>
            {chosen.length > 0 && (
              <Button variant="danger" onClick={() => setRevokingSelected(true)}>
                Revoke selected ({chosen.length})
              </Button>
            )}
          </div>
        </div>
      )}
      {tokens && tokens.length > 0 && (
        <Card className="p-2 sm:p-3">
          <table className="stack-on-phone token-cards w-full text-left text-sm">
            <caption className="sr-only">Your tokens</caption>
            <thead className="text-xs text-slate-500">
              <tr>
                <th scope="col" className="py-1 pr-2">
                  <span className="sr-only">Select</span>
                </th>
                {["Name", "Scopes", "Last used", "Expires", "Rate limit", "Requests (24 h)", "Status"].map((column) => (
                  <th key={column} scope="col" className="py-1 pr-3 font-medium">
                    {column}
                  </th>
                ))}
                <th scope="col" className="py-1 text-right font-medium">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <TokenRow
                  key={token.id}
                  token={token}
                  mine={token.userId === userId}
                  onUsage={() => setOpen({ dialog: "usage", token })}
                  onRotate={() => setOpen({ dialog: "rotate", token })}
                  onRevoke={() => setOpen({ dialog: "revoke", token })}
                  onEdit={() => setOpen({ dialog: "edit", token })}
                  onRevokePrevious={(previousId) => setOpen({ dialog: "revoke-previous", token, previousId })}
                  selected={selected.has(token.id)}
                  onSelect={(on) =>
                    setSelected((current) => {
                      const next = new Set(current);
                      if (on) next.add(token.id);
                      else next.delete(token.id);
                      return next;
                    })
                  }
                />
              ))}
            </tbody>
          </table>
        </Card>
      )}
      {list.hasMore && (
        <Button variant="secondary" onClick={() => void list.loadMore()}>
          Load more
        </Button>
      )}

      {revokingSelected && chosen.length > 0 && (
        <ConfirmDialog
          title={`Revoke ${count(chosen.length, "token")}?`}
          confirmLabel="Revoke tokens"
          tone="danger"
          action={() => callApi(revokeTokens, { body: { ids: chosen.map((token) => token.id) } })}
          onDone={(data) => {
            setRevokingSelected(false);
            done(`Revoked ${count(data.tokens.length, "token")}. Requests with them now fail.`);
          }}
          onCancel={() => setRevokingSelected(false)}
        >
          <p>{chosen.map((token) => token.name).join(", ")}: the next request with any of them is refused.</p>
        </ConfirmDialog>
      )}
      {open?.dialog === "usage" && (
        <UsageDialog
          subject={{ kind: "token", id: open.token.id }}
          name={open.token.name}
          onClose={() => setOpen(null)}
        />
      )}
      {open?.dialog === "edit" && (
        <EditTokenDialog
          token={open.token}
          onCancel={() => setOpen(null)}
          onSaved={() => done(`Saved the changes to “${open.token.name}”.`)}
        />
      )}
      {open?.dialog === "revoke" && (
        <RevokeDialog
          token={open.token}
          onCancel={() => setOpen(null)}
          onRevoked={() => done(`Revoked “${open.token.name}”. Requests with it now fail.`)}
        />
      )}
      {open?.dialog === "revoke-previous" && (
        <ConfirmDialog
          title={`Stop the old secret of “${open.token.name}” now?`}
          confirmLabel="Revoke old secret"
          tone="danger"
          action={() => callApi(revokeToken, { params: { id: open.previousId } })}
          onDone={() => done(`The old secret of “${open.token.name}” no longer works.`)}
          onCancel={() => setOpen(null)}
        >
          Clients still using the old secret are refused on their next request; the new one keeps working.
        </ConfirmDialog>
      )}
      {open?.dialog === "rotate" && (
        <RotateDialog
          token={open.token}
          onCancel={() => setOpen(null)}
          onRotated={(successor) => {
            const previous = (successor as TokenWithSecret & { previous?: { stopsAt: string } }).previous;
            done(
              previous && Date.parse(previous.stopsAt) > Date.now()
                ? `Rotated “${open.token.name}”. The old secret stops at ${exactTime(previous.stopsAt)}.`
                : `Rotated “${open.token.name}”. The old secret no longer works.`,
            );
            onIssued(successor);
          }}
        />
      )}
    </div>
  );
}
