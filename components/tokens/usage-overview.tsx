"use client";

import { useState } from "react";
import { Card } from "@/components/ui";
import type { TokenScope } from "@/lib/tokens/schemas";
import { ScopeHeader } from "./scope-header";
import { UsageView } from "./token-usage";

/**
 * Usage across all of one's tokens (personal tokens and connected apps' alike) on one page, and
 * the organization's for owners and admins: where traffic comes from, what fails and why.
 */
export function UsageOverview({ canSeeOrganization }: { canSeeOrganization: boolean }) {
  const [scope, setScope] = useState<TokenScope>("mine");
  return (
    <section aria-labelledby="usage-overview-heading" className="flex flex-col gap-3">
      <ScopeHeader
        id="usage-overview-heading"
        title={`Usage of ${scope === "organization" ? "the organization's tokens" : "your tokens"}`}
        canSeeOrganization={canSeeOrganization}
        scope={scope}
        onScope={setScope}
      />
      <Card>
        <UsageView subject={{ kind: "all", scope }} />
      </Card>
    </section>
  );
}
