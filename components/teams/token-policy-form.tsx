"use client";

import { ScopeCheckboxes } from "@/components/scope-checkboxes";
import { useState, type FormEvent } from "react";
import { Alert, Button, Card, Field, SelectField } from "@/components/ui";
import { getPolicy, setPolicy as savePolicy } from "@/lib/api/operations";
import { callApi } from "@/lib/client/api";
import { useApiLoad } from "@/lib/client/use-api-load";
import { APP_ACCESS_TOKEN_MAX_MINUTES, type TokenPolicy } from "@/lib/tokens/schemas";
import type { TokenView } from "@/lib/tokens/schemas";
import { SCOPES, type Scope } from "@/lib/scopes";

/** The organization's token policy: owners edit it, everyone else reads it. */
export function TokenPolicyForm({ editable, initial }: { editable: boolean; initial?: TokenPolicy }) {
  const { data: policy, setData: setPolicy, error, setError } = useApiLoad(getPolicy, {}, { initial });
  const [exceeding, setExceeding] = useState<TokenView[] | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const number = (name: string) => (String(form.get(name) ?? "").trim() ? Number(form.get(name)) : null);
    const memberScopes = form.getAll("memberScopes").map(String) as Scope[];
    const body = {
      maxExpiryDays: number("maxExpiryDays"),
      maxRateLimitPerHour: number("maxRateLimitPerHour"),
      memberScopes: memberScopes.length === SCOPES.length ? null : memberScopes,
      approvalForWrite: form.get("approvalForWrite") === "on",
      requireAllowedAddresses: form.get("requireAllowedAddresses") === "on",
      appAccessTokenMinutes: number("appAccessTokenMinutes"),
      appRefreshIdleDays: number("appRefreshIdleDays"),
      connectedApps: String(form.get("connectedApps") ?? "any") as TokenPolicy["connectedApps"],
      requireDpop: form.get("requireDpop") === "on",
    };
    const result = await callApi(savePolicy, { body });
    if (!result.ok) return setError(result.message);
    setError(null);
    setPolicy(result.data.policy);
    setExceeding(result.data.exceeding);
  }

  if (!policy) return error ? <Alert>{error}</Alert> : null;
  return (
    <Card>
      <form onSubmit={onSubmit} aria-label="Token policy" className="flex flex-col gap-3">
        <h2 id="token-policy-heading" className="text-base font-semibold">
          Token policy
        </h2>
        <fieldset disabled={!editable} className="flex flex-col gap-3">
          <div className="grid gap-3 sm:grid-cols-2">
            <Field
              label="Maximum expiry (days)"
              name="maxExpiryDays"
              type="number"
              min={1}
              max={365}
              defaultValue={policy.maxExpiryDays ?? ""}
              hint="Empty: up to 365."
            />
            <Field
              label="Maximum rate limit (per hour)"
              name="maxRateLimitPerHour"
              type="number"
              min={1}
              defaultValue={policy.maxRateLimitPerHour ?? ""}
              hint="Empty: up to 100,000."
            />
          </div>
          <div className="grid gap-3 sm:grid-cols-2">
            <Field
              label="Connected apps: access token lifetime (minutes)"
              name="appAccessTokenMinutes"
              type="number"
              min={5}
              max={APP_ACCESS_TOKEN_MAX_MINUTES}
              defaultValue={policy.appAccessTokenMinutes ?? ""}
              hint="Empty: 60. Longer suits apps that never renew their access; at most a week."
            />
            <Field
              label="Connected apps: disconnect after unused (days)"
              name="appRefreshIdleDays"
              type="number"
              min={1}
              max={365}
              defaultValue={policy.appRefreshIdleDays ?? ""}
              hint="Empty: 30. An app that renews its access within this keeps its connection."
            />
          </div>
          <ScopeCheckboxes
            legend="Scopes members may grant themselves"
            name="memberScopes"
            checked={(scope) => policy.memberScopes?.includes(scope) ?? true}
          />
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="approvalForWrite" defaultChecked={policy.approvalForWrite} />
            Members&apos; tokens with a write scope need an owner&apos;s or admin&apos;s approval
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="requireAllowedAddresses" defaultChecked={policy.requireAllowedAddresses} />
            Every token must list the client addresses it may be used from
          </label>
          <SelectField
            name="connectedApps"
            label="Apps members may connect (OAuth)"
            className="max-w-md"
            defaultValue={policy.connectedApps}
            options={[
              { value: "any", label: "Any app" },
              { value: "approved", label: "Only apps an owner or admin approved" },
              { value: "none", label: "None" },
            ]}
          />
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" name="requireDpop" defaultChecked={policy.requireDpop} className="mt-1" />
            <span>
              Connected apps and service-account clients must prove a key they hold (DPoP), so a copied token is
              useless; their bearer tokens stop when this is saved, and apps without DPoP cannot connect
            </span>
          </label>
          {editable && (
            <div>
              <Button type="submit">Save policy</Button>
            </div>
          )}
        </fieldset>
        {!editable && <p className="text-xs text-slate-500">Only owners change the policy.</p>}
        {error && <Alert>{error}</Alert>}
        {exceeding && (
          <Alert tone={exceeding.length ? "warning" : "success"}>
            Saved. It applies to new and rotated tokens.{" "}
            {exceeding.length
              ? `${exceeding.length} active token${exceeding.length === 1 ? "" : "s"} exceed it: ${exceeding.map((t) => t.name).join(", ")}.`
              : "No active token exceeds it."}
          </Alert>
        )}
      </form>
    </Card>
  );
}
