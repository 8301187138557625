"use client";

import { useEffect, useState } from "react";
import { apiFetch } from "@/lib/client/api";

type Organization = { id: string; name: string; role: string; current: boolean; reachable: boolean };

/**
 * For people in several organizations: which one they act in (their new tokens belong to it).
 * Those this sign-in does not reach are listed but not offered: they ask for their own sign-in.
 */
export function OrganizationSwitcher() {
  const [organizations, setOrganizations] = useState<Organization[]>([]);

  useEffect(() => {
    const controller = new AbortController();
    apiFetch<{ organizations: Organization[] }>("/api/v2/organizations", { signal: controller.signal })
      .then((result) => result.ok && setOrganizations(result.data.organizations))
      .catch(() => undefined);
    return () => controller.abort();
  }, []);

  if (organizations.length < 2) return null;
  return (
    <select
      aria-label="Organization"
      value={organizations.find((o) => o.current)?.id}
      onChange={async (event) => {
        const result = await apiFetch<{ organizations: Organization[] }>("/api/v2/organizations/current", {
          method: "PUT",
          body: { orgId: event.target.value },
        });
        // Every view (and the lists already loaded in this page) belongs to the organization: reload.
        if (result.ok) window.location.reload();
      }}
      className="max-w-40 rounded-md border border-slate-300 px-2 py-1 text-sm"
    >
      {organizations.map((organization) => (
        // One this sign-in does not reach is shown, not offered: it asks for its own sign-in.
        <option key={organization.id} value={organization.id} disabled={!organization.reachable}>
          {organization.reachable ? organization.name : `${organization.name} (sign in separately)`}
        </option>
      ))}
    </select>
  );
}
