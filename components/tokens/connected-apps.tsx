"use client";

import { useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { StatusBadge } from "@/components/status-badge";
import { Alert, Button, Card, ChipList, cx } from "@/components/ui";
import { Fact, LastUsedFact, RequestsFact, TimeFact } from "./facts";
import { UsageDialog } from "./usage-dialog";
import { describeDuration } from "@/lib/time";
import { listConnectedApps, revokeConnectedApp } from "@/lib/api/operations";
import { callApi } from "@/lib/client/api";
import { useApiLoad } from "@/lib/client/use-api-load";
import type { ConnectedApp } from "@/lib/oauth/schemas";
import type { TokenScope } from "@/lib/tokens/schemas";
import { ScopeHeader } from "./scope-header";

type Props = { userId: string; canSeeOrganization: boolean };

/** Apps connected through OAuth (each a grant), with revoke; owners and admins may show the whole organization's. */
export function ConnectedApps({ userId, canSeeOrganization }: Props) {
  const [scope, setScope] = useState<TokenScope>("mine");
  const loaded = useApiLoad(listConnectedApps, { query: { scope } });
  const { error } = loaded;
  const apps = loaded.data?.apps ?? null;
  const [revoking, setRevoking] = useState<ConnectedApp | null>(null);
  const [usageOf, setUsageOf] = useState<ConnectedApp | null>(null);

  return (
    <section aria-labelledby="connected-apps-heading" className="flex flex-col gap-3">
      <ScopeHeader
        id="connected-apps-heading"
        title="Connected apps"
        canSeeOrganization={canSeeOrganization}
        scope={scope}
        onScope={setScope}
      />
      <p className="text-sm text-slate-600">
        Apps you allowed through OAuth (ChatGPT, Claude, Cursor, …). They hold short-lived tokens that they renew
        themselves; revoking an app stops it at once.
      </p>
      {error && <Alert>{error}</Alert>}
      {apps === null && !error && <p className="text-sm text-slate-500">Loading connected apps…</p>}
      {apps?.length === 0 && <p className="text-sm text-slate-500">No connected apps yet.</p>}
      <ul className="flex flex-col gap-3">
        {apps?.map((app) => (
          <li key={app.id} data-testid="connected-app">
            <Card className={cx(app.status !== "active" && "bg-slate-50")}>
              <div className="flex flex-wrap items-start justify-between gap-2">
                <div className="min-w-0">
                  <h3 className="truncate font-medium">{app.client.name}</h3>
                  <p className="truncate text-xs text-slate-500">
                    {app.grantedBy === "identity_provider"
                      ? "granted by your identity provider"
                      : app.client.kind === "cimd"
                        ? app.client.id
                        : "registered itself"}
                    {app.userId !== userId && ` · ${app.userEmail}`}
                  </p>
                  {app.resource && (
                    <p className="truncate text-xs text-slate-600" data-testid="connected-app-resource">
                      reaches {app.resource.name} ({app.resource.url})
                      {app.resource.tools && <>, only the tools {app.resource.tools.join(", ")}</>}
                    </p>
                  )}
                </div>
                <StatusBadge value={app.status} />
              </div>
              <ChipList label="Scopes" items={app.scopes} mono />
              <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-3">
                <TimeFact label="Connected" at={app.createdAt} />
                <LastUsedFact at={app.lastUsedAt} />
                <RequestsFact count={app.requests24h} />
                <Fact label="Access token lifetime">{describeDuration(app.accessTokenLifetimeSeconds * 1000)}</Fact>
                {app.refreshExpiresAt && (
                  <TimeFact label="Disconnects if unused" at={app.refreshExpiresAt} className="text-slate-700" />
                )}
              </dl>
              <div className="mt-3 flex justify-end gap-2">
                <Button variant="secondary" onClick={() => setUsageOf(app)} aria-label={`Usage of ${app.client.name}`}>
                  Usage
                </Button>
                {app.status === "active" && (
                  <Button variant="danger" onClick={() => setRevoking(app)}>
                    Revoke
                  </Button>
                )}
              </div>
            </Card>
          </li>
        ))}
      </ul>
      {usageOf && (
        <UsageDialog
          subject={{ kind: "app", id: usageOf.id }}
          name={usageOf.client.name}
          onClose={() => setUsageOf(null)}
        />
      )}
      {revoking && (
        <ConfirmDialog
          title={`Disconnect “${revoking.client.name}”?`}
          confirmLabel="Revoke access"
          tone="danger"
          action={() => callApi(revokeConnectedApp, { params: { id: revoking.id } })}
          onDone={() => {
            setRevoking(null);
            loaded.reload();
          }}
          onCancel={() => setRevoking(null)}
        >
          The app is refused on its next request and cannot renew its access. To use it again, connect it anew.
        </ConfirmDialog>
      )}
    </section>
  );
}
