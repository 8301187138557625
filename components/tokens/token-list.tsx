"use client";

import { KeyRound } from "lucide-react";
import { useState } from "react";
import { Alert, Button, Card } from "@/components/ui";
import type { TokenListItem, TokenWithSecret } from "@/lib/tokens/schemas";
import { AddressesDialog } from "./addresses-dialog";
import { RevokeDialog } from "./revoke-dialog";
import { RotateDialog } from "./rotate-dialog";
import { TokenCard } from "./token-card";
import { TokenFilters } from "./token-filters";
import { UsageDialog } from "./usage-dialog";
import type { TokenListState } from "./use-token-list";

type Props = {
  list: TokenListState;
  userId: string;
  canSeeOrganization: boolean;
  onIssued: (token: TokenWithSecret) => void;
  onGenerate: () => void;
};

type Open = { dialog: "usage" | "rotate" | "revoke" | "addresses"; token: TokenListItem } | null;

export function TokenList({ list, userId, canSeeOrganization, onIssued, onGenerate }: Props) {
  const [open, setOpen] = useState<Open>(null);
  const [notice, setNotice] = useState<string>();
  const { tokens, error, status } = list;

  function done(message: string) {
    setOpen(null);
    setNotice(message);
    void list.reload();
  }

  return (
    <div className="flex flex-col gap-4">
      <TokenFilters
        status={status}
        onStatus={list.setStatus}
        scope={list.scope}
        onScope={list.setScope}
        canSeeOrganization={canSeeOrganization}
      />

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
          <p className="text-sm text-slate-700">{status ? `No ${status} tokens.` : "You have no tokens yet."}</p>
          {!status && <Button onClick={onGenerate}>Generate your first token</Button>}
        </Card>
      )}
      {tokens && tokens.length > 0 && (
        <ul aria-label="Tokens" className="flex flex-col gap-3">
          {tokens.map((token) => (
            <li key={token.id} aria-label={token.name}>
              <TokenCard
                token={token}
                mine={token.userId === userId}
                onUsage={() => setOpen({ dialog: "usage", token })}
                onRotate={() => setOpen({ dialog: "rotate", token })}
                onRevoke={() => setOpen({ dialog: "revoke", token })}
                onAddresses={() => setOpen({ dialog: "addresses", token })}
              />
            </li>
          ))}
        </ul>
      )}
      {list.hasMore && (
        <Button variant="secondary" onClick={() => void list.loadMore()}>
          Load more
        </Button>
      )}

      {open?.dialog === "usage" && <UsageDialog token={open.token} onClose={() => setOpen(null)} />}
      {open?.dialog === "addresses" && (
        <AddressesDialog
          token={open.token}
          onCancel={() => setOpen(null)}
          onSaved={() => done(`Saved the client addresses of “${open.token.name}”.`)}
        />
      )}
      {open?.dialog === "revoke" && (
        <RevokeDialog
          token={open.token}
          onCancel={() => setOpen(null)}
          onRevoked={() => done(`Revoked “${open.token.name}”. Requests with it now fail.`)}
        />
      )}
      {open?.dialog === "rotate" && (
        <RotateDialog
          token={open.token}
          onCancel={() => setOpen(null)}
          onRotated={(successor) => {
            done(`Rotated “${open.token.name}”. The old secret no longer works.`);
            onIssued(successor);
          }}
        />
      )}
    </div>
  );
}
