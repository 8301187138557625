"use client";

import { StatusBadge } from "@/components/status-badge";
import { Button, Card, ChipList, cx } from "@/components/ui";
import { expiresSoon } from "@/lib/client/format";
import { LastUsedFact, RequestsFact, TimeFact } from "./facts";
import type { TokenListItem } from "@/lib/tokens/schemas";

type Props = {
  token: TokenListItem;
  /** The signed-in user's own token: only its owner may rotate it (rotation hands out a secret). */
  mine: boolean;
  onUsage: () => void;
  onRotate: () => void;
  onRevoke: () => void;
  onAddresses: () => void;
};

export function TokenCard({ token, mine, onUsage, onRotate, onRevoke, onAddresses }: Props) {
  const soon = token.status === "active" && expiresSoon(token.expiresAt);
  const live = token.status !== "revoked";
  return (
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
      <ChipList label="Scopes" items={token.scopes} mono />
      {token.flags7d > 0 && (
        <p className="mt-2 text-xs text-amber-700" data-testid="token-flags">
          {token.flags7d} unusual-activity flag{token.flags7d === 1 ? "" : "s"} this week (see Organization)
        </p>
      )}
      {token.approval !== "approved" && (
        <p
          className={cx("mt-2 text-xs", token.approval === "pending" ? "text-amber-700" : "text-red-700")}
          data-testid="approval"
        >
          {token.approval === "pending"
            ? "Waiting for an owner's or admin's approval: /mcp refuses it until then."
            : `Approval denied${token.approvalNote ? `: ${token.approvalNote}` : "."}`}
        </p>
      )}
      {token.allowedAddresses.length > 0 && (
        <p className="mt-2 text-xs text-slate-600">
          Only from: <span className="font-mono">{token.allowedAddresses.join(", ")}</span>
        </p>
      )}
      <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-4">
        <TimeFact label="Created" at={token.createdAt} />
        <TimeFact
          label={token.status === "revoked" ? "Revoked" : token.status === "expired" ? "Expired" : "Expires"}
          at={token.revokedAt ?? token.expiresAt}
          className={cx(soon && "font-medium text-amber-700")}
          suffix={soon && " · expires soon"}
        />
        <LastUsedFact at={token.lastUsedAt} />
        <RequestsFact count={token.requests24h} />
      </dl>
      {token.revokedReason && <p className="mt-2 text-xs text-slate-500">Reason: {token.revokedReason}</p>}
      <div className="mt-3 flex flex-wrap gap-2">
        <Button variant="secondary" onClick={onUsage} aria-label={`Usage of ${token.name}`}>
          Usage
        </Button>
        {mine && live && (
          <Button variant="secondary" onClick={onRotate} aria-label={`Rotate ${token.name}`}>
            Rotate
          </Button>
        )}
        {mine && live && (
          <Button variant="secondary" onClick={onAddresses} aria-label={`Client addresses of ${token.name}`}>
            Addresses
          </Button>
        )}
        {live && (
          <Button variant="danger" onClick={onRevoke} aria-label={`Revoke ${token.name}`}>
            Revoke
          </Button>
        )}
      </div>
    </Card>
  );
}
