"use client";

import type { TokenScope } from "@/lib/tokens/schemas";

type Props = {
  id: string;
  title: string;
  /** Owners and admins may widen the view to the whole organization; others see only the title. */
  canSeeOrganization: boolean;
  scope: TokenScope;
  onScope: (scope: TokenScope) => void;
};

/** A section's heading with the "Whole organization" switch beside it, for those who may use it. */
export function ScopeHeader({ id, title, canSeeOrganization, scope, onScope }: Props) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-2">
      <h2 id={id} className="text-base font-semibold">
        {title}
      </h2>
      {canSeeOrganization && (
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={scope === "organization"}
            onChange={(event) => onScope(event.target.checked ? "organization" : "mine")}
          />
          Whole organization
        </label>
      )}
    </div>
  );
}
