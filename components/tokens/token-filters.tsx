"use client";

import { SelectField } from "@/components/ui";
import { TOKEN_STATUSES, type TokenStatus } from "@/lib/tokens/schemas";
import type { ListScope, TokenListState, TokenSort } from "./use-token-list";

const LABELS: Record<TokenStatus, string> = { active: "Active", expired: "Expired", revoked: "Revoked" };
const SORTS: { value: TokenSort; label: string }[] = [
  { value: "created", label: "Newest first" },
  { value: "name", label: "Name (A to Z)" },
  { value: "lastUsed", label: "Last used" },
  { value: "expires", label: "Expiring soonest" },
  { value: "rateLimit", label: "Highest rate limit" },
];

const control = "rounded-md border border-slate-300 bg-white px-2 py-1.5";

/** Search, status, sort and (for owners and admins) the whole organization. */
export function TokenFilters({ list, canSeeOrganization }: { list: TokenListState; canSeeOrganization: boolean }) {
  return (
    <div className="flex flex-wrap items-end gap-3" role="search" aria-label="Tokens">
      <div className="flex min-w-48 flex-1 flex-col gap-1 text-sm">
        <label htmlFor="token-search" className="font-medium">
          Search tokens
        </label>
        <input
          id="token-search"
          type="search"
          value={list.search}
          onChange={(event) => list.setSearch(event.target.value)}
          placeholder={canSeeOrganization ? "Name, holder or last characters" : "Name or last characters"}
          className={control}
        />
      </div>
      <SelectField
        id="token-status"
        label="Status"
        value={list.status ?? ""}
        onChange={(e) => list.setStatus((e.target.value || undefined) as TokenStatus | undefined)}
        options={[...TOKEN_STATUSES.map((value) => ({ value, label: LABELS[value] })), { value: "", label: "All" }]}
      />
      <SelectField
        id="token-sort"
        label="Sort"
        value={list.sort}
        onChange={(e) => list.setSort(e.target.value as TokenSort)}
        options={SORTS}
      />
      {canSeeOrganization && (
        <label className="flex items-center gap-2 pb-2 text-sm">
          <input
            type="checkbox"
            checked={list.scope === "organization"}
            onChange={(e) => list.setScope((e.target.checked ? "organization" : "mine") as ListScope)}
            className="size-4 accent-indigo-600"
          />
          Show all tokens in my organization
        </label>
      )}
    </div>
  );
}
