"use client";

import { Select } from "@/components/ui";
import { listOrganizations, switchOrganization } from "@/lib/api/operations";
import { callApi } from "@/lib/client/api";
import { useApiLoad } from "@/lib/client/use-api-load";

/**
 * For people in several organizations: which one they act in (their new tokens belong to it).
 * Those this sign-in does not reach are listed but not offered: they ask for their own sign-in.
 */
export function OrganizationSwitcher() {
  const organizations = useApiLoad(listOrganizations, {}).data?.organizations ?? [];
  if (organizations.length < 2) return null;
  return (
    <Select
      aria-label="Organization"
      value={organizations.find((o) => o.current)?.id}
      onChange={async (event) => {
        const result = await callApi(switchOrganization, { body: { orgId: event.target.value } });
        // Every view (and the lists already loaded in this page) belongs to the organization: reload.
        if (result.ok) window.location.reload();
      }}
      className="max-w-40"
      options={organizations.map((organization) => ({
        value: organization.id,
        // One this sign-in does not reach is shown, not offered: it asks for its own sign-in.
        label: organization.reachable ? organization.name : `${organization.name} (sign in separately)`,
        disabled: !organization.reachable,
      }))}
    />
  );
}
