"use client";

import Link from "next/link";
import { StatusBadge } from "@/components/status-badge";
import { tokenBadge } from "./token-badge";
import { Button, cx } from "@/components/ui";
import { calendarDate, exactTime, expiresSoon, relativeTime } from "@/lib/client/format";
import type { TokenListItem } from "@/lib/tokens/schemas";

type Props = {
  token: TokenListItem;
  /** The signed-in user's own token: only its owner may rotate or edit it (rotation hands out a secret). */
  mine: boolean;
  onUsage: () => void;
  onRotate: () => void;
  onRevoke: () => void;
  onEdit: () => void;
  /** Stops a previous secret still working during a rotation's overlap. */
  onRevokePrevious: (previousId: string) => void;
  /** Chosen for "Revoke selected" (a revoked token cannot be). */
  selected: boolean;
  onSelect: (selected: boolean) => void;
};

/** One token as a row of the tokens table (stacked on a phone). */
export function TokenRow({
  token,
  mine,
  onUsage,
  onRotate,
  onRevoke,
  onEdit,
  onRevokePrevious,
  selected,
  onSelect,
}: Props) {
  const soon = token.status === "active" && expiresSoon(token.expiresAt);
  const live = token.status !== "revoked";
  const ended = token.revokedAt ?? token.expiresAt;
  return (
    <tr aria-label={token.name} className={cx("border-t border-slate-200 align-top", !live && "text-slate-500")}>
      <td data-label="Select" className="py-2 pr-2">
        {token.status !== "revoked" && (
          <input
            type="checkbox"
            aria-label={`Select ${token.name}`}
            checked={selected}
            onChange={(event) => onSelect(event.target.checked)}
            className="mt-1 size-4 accent-indigo-600"
          />
        )}
      </td>
      <td data-label="Name" className="py-2 pr-3">
        <div className="min-w-0">
          <Link href={`/tokens/${encodeURIComponent(token.id)}`} className="font-medium text-slate-900 hover:underline">
            {token.name}
          </Link>
          {token.description && (
            <p className="max-w-64 truncate text-xs text-slate-600" title={token.description}>
              {token.description}
            </p>
          )}
          <p className="font-mono text-xs whitespace-nowrap text-slate-500">
            …{token.hint}
            {!mine &&
              ` · ${token.holder.kind === "service_account" ? "service account" : "held by"} ${token.holder.name}`}
          </p>
          {token.approval !== "approved" && (
            <p
              className={cx("text-xs", token.approval === "pending" ? "text-amber-700" : "text-red-700")}
              data-testid="approval"
            >
              {token.approval === "pending"
                ? "Waiting for an owner's or admin's approval: /mcp refuses it until then."
                : `Approval denied${token.approvalNote ? `: ${token.approvalNote}` : "."}`}
            </p>
          )}
          {token.status === "active" && !token.scopes.includes("execute:mcp") && (
            <p className="text-xs text-amber-700" data-testid="no-execute">
              Without execute:mcp it cannot call /mcp; only the validate endpoint accepts it.
            </p>
          )}
          {token.flags7d > 0 && (
            <p className="text-xs text-amber-700" data-testid="token-flags">
              {token.flags7d} unusual-activity flag{token.flags7d === 1 ? "" : "s"} this week (see Organization)
            </p>
          )}
          {token.allowedAddresses.length > 0 && (
            <p className="text-xs text-slate-600">
              Only from: <span className="font-mono">{token.allowedAddresses.join(", ")}</span>
            </p>
          )}
          {token.server && (
            <p className="text-xs text-slate-600" data-testid="token-server">
              For {token.server.name} <span className="font-mono">({token.server.resource})</span>
            </p>
          )}
          {token.tools && (
            <p className="text-xs text-slate-600" data-testid="token-tools">
              Only the tools: <span className="font-mono">{token.tools.join(", ") || "none"}</span>
            </p>
          )}
          {token.revokedReason && <p className="text-xs text-slate-500">Reason: {token.revokedReason}</p>}
          {token.history
            .filter((previous) => !previous.revokedAt && Date.parse(previous.expiresAt) > Date.now())
            .map((previous) => (
              <p key={previous.id} className="text-xs text-amber-700" data-testid="overlap" suppressHydrationWarning>
                Old secret …{previous.hint} stops at {exactTime(previous.expiresAt)};{" "}
                {previous.lastUsedAt ? `last used ${relativeTime(previous.lastUsedAt)}` : "never used"}.{" "}
                <button type="button" className="underline" onClick={() => onRevokePrevious(previous.id)}>
                  Stop it now
                </button>
              </p>
            ))}
          {token.history.length > 0 && (
            <details className="text-xs text-slate-600" data-testid="history">
              <summary className="cursor-pointer">
                Rotated {token.history.length} time{token.history.length === 1 ? "" : "s"}
              </summary>
              <ul className="mt-1 flex flex-col gap-0.5">
                {token.history.map((previous) => (
                  <li key={previous.id} className="font-mono" suppressHydrationWarning>
                    …{previous.hint}: {calendarDate(previous.createdAt)} to{" "}
                    {calendarDate(previous.revokedAt ?? previous.expiresAt)}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      </td>
      <td data-label="Scopes" className="py-2 pr-3">
        <ul aria-label="Scopes" className="flex max-w-56 flex-wrap gap-1">
          {token.scopes.map((scope) => (
            <li key={scope} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">
              {scope}
            </li>
          ))}
        </ul>
      </td>
      <td data-label="Last used" className="py-2 pr-3 whitespace-nowrap">
        {token.lastUsedAt ? (
          <span title={exactTime(token.lastUsedAt)} suppressHydrationWarning>
            {relativeTime(token.lastUsedAt)}
          </span>
        ) : (
          "Never"
        )}
      </td>
      <td
        data-label="Expires"
        className={cx("py-2 pr-3 whitespace-nowrap", soon && "font-medium text-amber-700")}
        data-testid="token-ends"
      >
        {/* A revoked token's date is when it was revoked, and says so under the Expires heading. */}
        {token.status !== "active" && (token.status === "revoked" ? "Revoked " : "Expired ")}
        {/* Times are drawn in the reader's zone and clock: the server's first paint may differ by a little. */}
        <span title={exactTime(ended)} suppressHydrationWarning>
          {calendarDate(ended)}
        </span>
        {soon && <span className="block text-xs">expires soon</span>}
      </td>
      <td data-label="Rate limit" className="py-2 pr-3 whitespace-nowrap">
        {token.rateLimitPerHour.toLocaleString("en")}/h
      </td>
      <td data-label="Requests (24 h)" className="py-2 pr-3" data-testid="requests-24h">
        {token.requests24h.toLocaleString("en")}
      </td>
      <td data-label="Status" className="py-2 pr-3">
        <StatusBadge value={tokenBadge(token)} />
      </td>
      <td data-label="Actions" className="py-2">
        <div className="flex flex-wrap justify-end gap-0.5 sm:flex-nowrap [&>button]:px-2">
          <Button variant="ghost" onClick={onUsage} aria-label={`Usage of ${token.name}`}>
            Usage
          </Button>
          {mine && live && (
            <Button variant="ghost" onClick={onEdit} aria-label={`Edit ${token.name}`}>
              Edit
            </Button>
          )}
          {mine && live && (
            <Button variant="ghost" onClick={onRotate} aria-label={`Rotate ${token.name}`}>
              Rotate
            </Button>
          )}
          {live && (
            <Button variant="ghost" className="text-red-700" onClick={onRevoke} aria-label={`Revoke ${token.name}`}>
              Revoke
            </Button>
          )}
        </div>
      </td>
    </tr>
  );
}
