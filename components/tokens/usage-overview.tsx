"use client";

import { useState } from "react";
import { Card } from "@/components/ui";
import type { TokenScope } from "@/lib/tokens/schemas";
import { UsageView } from "./token-usage";

/**
 * Usage across all of one's tokens (personal tokens and connected apps' alike) on one page, and
 * the organization's for owners and admins: where traffic comes from, what fails and why.
 */
export function UsageOverview({ canSeeOrganization }: { canSeeOrganization: boolean }) {
  const [scope, setScope] = useState<TokenScope>("mine");
  return (
    <section aria-labelledby="usage-overview-heading" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="usage-overview-heading" className="text-base font-semibold">
          Usage of {scope === "organization" ? "the organization's tokens" : "your tokens"}
        </h2>
        {canSeeOrganization && (
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={scope === "organization"}
              onChange={(event) => setScope(event.target.checked ? "organization" : "mine")}
            />
            Whole organization
          </label>
        )}
      </div>
      <Card>
        <UsageView subject={{ kind: "all", scope }} />
      </Card>
    </section>
  );
}
