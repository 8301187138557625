"use client";

import { TOKEN_STATUSES, type TokenStatus } from "@/lib/tokens/schemas";
import type { ListScope } from "./use-token-list";

const LABELS: Record<TokenStatus, string> = { active: "Active", expired: "Expired", revoked: "Revoked" };

type Props = {
  status: TokenStatus | undefined;
  onStatus: (status: TokenStatus | undefined) => void;
  scope: ListScope;
  onScope: (scope: ListScope) => void;
  canSeeOrganization: boolean;
};

export function TokenFilters({ status, onStatus, scope, onScope, canSeeOrganization }: Props) {
  return (
    <div className="flex flex-wrap items-end gap-3">
      <label className="flex flex-col gap-1 text-sm">
        <span className="font-medium">Status</span>
        <select
          value={status ?? ""}
          onChange={(e) => onStatus((e.target.value || undefined) as TokenStatus | undefined)}
          className="rounded-md border border-slate-300 bg-white px-2 py-1.5"
        >
          <option value="">All</option>
          {TOKEN_STATUSES.map((value) => (
            <option key={value} value={value}>
              {LABELS[value]}
            </option>
          ))}
        </select>
      </label>
      {canSeeOrganization && (
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={scope === "organization"}
            onChange={(e) => onScope(e.target.checked ? "organization" : "mine")}
            className="size-4 accent-indigo-600"
          />
          Show all tokens in my organization
        </label>
      )}
    </div>
  );
}
