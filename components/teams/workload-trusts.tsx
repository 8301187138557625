"use client";

import { useState, type FormEvent } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { ScopeCheckboxes } from "@/components/scope-checkboxes";
import { Dialog } from "@/components/dialog";
import { Alert, Button, Field, Section, TextAreaField, bindFields } from "@/components/ui";
import {
  createWorkloadTrust,
  deleteWorkloadTrust,
  listWorkloadTrusts,
  updateWorkloadTrust,
} from "@/lib/api/operations";
import { callApi } from "@/lib/client/api";
import { calendarDate } from "@/lib/client/format";
import { useApiLoad } from "@/lib/client/use-api-load";
import { WORKLOAD_LIFETIME_MINUTES, type ServiceAccount, type WorkloadTrustView } from "@/lib/teams/schemas";

/** Conditions as people write them: `claim = pattern`, one a line in the form. */
const conditionText = (conditions: Record<string, string>, separator: string) =>
  Object.entries(conditions)
    .map(([claim, pattern]) => `${claim} = ${pattern}`)
    .join(separator);

function parseConditions(text: string): Record<string, string> | string {
  const conditions: Record<string, string> = {};
  for (const line of text.split("\n").map((entry) => entry.trim())) {
    if (!line) continue;
    const split = line.indexOf("=");
    if (split < 1) return `Write each condition as claim = pattern ("${line}" has no =).`;
    conditions[line.slice(0, split).trim()] = line.slice(split + 1).trim();
  }
  return conditions;
}

/**
 * A service account's trust policies: which CI jobs and pods may act as it with no stored secret,
 * by the JWT their platform gives them (lib/oauth/workload-identity.ts). Owners and admins add,
 * edit and delete them; each shows its id, which a workload names as client_id when several match.
 */
export function WorkloadTrusts({ account }: { account: ServiceAccount }) {
  const loaded = useApiLoad(listWorkloadTrusts, { params: { id: account.id } });
  const policies = loaded.data?.policies ?? [];
  const [editing, setEditing] = useState<WorkloadTrustView | "new" | null>(null);
  const [deleting, setDeleting] = useState<WorkloadTrustView | null>(null);
  const headingId = `trusted-workloads-${account.id}`;

  return (
    <Section
      id={headingId}
      title="Trusted workloads"
      level={3}
      actions={
        account.status === "active" && (
          <Button variant="secondary" onClick={() => setEditing("new")}>
            Trust a workload
          </Button>
        )
      }
    >
      <p className="text-xs text-slate-600">
        CI jobs and pods that act as this account with no stored secret: they trade the token their platform gives them
        at <code>/oauth/token</code> for one of this account&apos;s.
      </p>
      {loaded.error && <Alert>{loaded.error}</Alert>}
      {policies.length > 0 && (
        <ul aria-label={`Trusted workloads of ${account.name}`} className="flex flex-col gap-2 text-sm">
          {policies.map((policy) => (
            <li key={policy.id} className="flex flex-wrap items-start justify-between gap-2" data-testid="trust-policy">
              <div className="flex min-w-0 flex-col">
                <span className="font-medium">{policy.name}</span>
                <span className="text-xs break-all text-slate-600">
                  {policy.issuer} · audience {policy.audience}
                </span>
                <span className="font-mono text-xs break-all">{conditionText(policy.conditions, " · ")}</span>
                <span className="text-xs text-slate-600">
                  {policy.scopes.join(", ")} · tokens live {policy.maxLifetimeMinutes} minutes ·{" "}
                  {policy.lastUsedAt ? `last used ${calendarDate(policy.lastUsedAt)}` : "never used"} · client_id{" "}
                  <code>{policy.id}</code>
                </span>
              </div>
              <span className="flex gap-2">
                <Button variant="secondary" aria-label={`Edit ${policy.name}`} onClick={() => setEditing(policy)}>
                  Edit
                </Button>
                <Button variant="danger" aria-label={`Delete ${policy.name}`} onClick={() => setDeleting(policy)}>
                  Delete
                </Button>
              </span>
            </li>
          ))}
        </ul>
      )}
      {editing && (
        <TrustDialog
          account={account}
          policy={editing === "new" ? null : editing}
          onClose={(saved) => {
            setEditing(null);
            if (saved) loaded.reload();
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Stop trusting “${deleting.name}”?`}
          confirmLabel="Delete trust policy"
          tone="danger"
          action={() => callApi(deleteWorkloadTrust, { params: { id: account.id, policyId: deleting.id } })}
          onDone={() => {
            setDeleting(null);
            loaded.reload();
          }}
          onCancel={() => setDeleting(null)}
        >
          <p>Its workloads can no longer act as {account.name}, and the tokens it issued are refused at once.</p>
        </ConfirmDialog>
      )}
    </Section>
  );
}

function TrustDialog({
  account,
  policy,
  onClose,
}: {
  account: ServiceAccount;
  policy: WorkloadTrustView | null;
  onClose: (saved: boolean) => void;
}) {
  const [fields, setFields] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const bind = bindFields("trust", fields);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const conditions = parseConditions(String(form.get("conditions") ?? ""));
    if (typeof conditions === "string") return setFields({ conditions: [conditions] });
    const text = (name: string) => String(form.get(name) ?? "").trim();
    const body = {
      name: text("name"),
      issuer: text("issuer"),
      jwksUri: text("jwksUri") || null,
      ...(text("audience") && { audience: text("audience") }),
      conditions,
      scopes: form.getAll("scopes").map(String) as WorkloadTrustView["scopes"],
      maxLifetimeMinutes: Number(text("maxLifetimeMinutes")),
    };
    setSaving(true);
    const result = policy
      ? await callApi(updateWorkloadTrust, { params: { id: account.id, policyId: policy.id }, body })
      : await callApi(createWorkloadTrust, { params: { id: account.id }, body });
    setSaving(false);
    if (result.ok) return onClose(true);
    setFields(result.fields ?? {});
    setError(result.fields ? null : result.message);
  }

  return (
    <Dialog
      open
      wide
      title={policy ? `Edit “${policy.name}”` : `Trust a workload as “${account.name}”`}
      onDismiss={() => onClose(false)}
    >
      <form onSubmit={onSubmit} aria-label="Trust policy" className="flex flex-col gap-3">
        {error && <Alert>{error}</Alert>}
        <Field label="Name" required maxLength={100} defaultValue={policy?.name} {...bind("name")} />
        <Field
          label="Issuer"
          type="url"
          required
          defaultValue={policy?.issuer}
          placeholder="https://token.actions.githubusercontent.com"
          hint="The platform's token issuer (its iss); its keys are read from its OpenID Connect discovery document."
          {...bind("issuer")}
        />
        <Field
          label="JWK Set URL (optional)"
          type="url"
          defaultValue={policy?.jwksUri ?? ""}
          hint="Where the issuer publishes its keys, when it has no discovery document (some clusters)."
          {...bind("jwksUri")}
        />
        <Field
          label="Audience"
          defaultValue={policy?.audience ?? ""}
          hint="The aud the workload asks its platform for. Empty: this server's URL."
          {...bind("audience")}
        />
        <TextAreaField
          label="Conditions"
          required
          rows={4}
          defaultValue={policy ? conditionText(policy.conditions, "\n") : ""}
          placeholder={"repository = acme/app\nref = refs/heads/main"}
          hint="One claim = pattern a line; * stands for any run of characters; a nested claim as kubernetes.io/namespace. Every line must hold."
          {...bind("conditions")}
        />
        <ScopeCheckboxes
          legend="Scopes its tokens may hold"
          name="scopes"
          checked={(scope) => (policy ? policy.scopes.includes(scope) : scope === "execute:mcp")}
          error={fields.scopes?.[0]}
        />
        <Field
          label="Longest token lifetime (minutes)"
          type="number"
          min={WORKLOAD_LIFETIME_MINUTES.min}
          max={WORKLOAD_LIFETIME_MINUTES.max}
          required
          defaultValue={policy?.maxLifetimeMinutes ?? WORKLOAD_LIFETIME_MINUTES.default}
          {...bind("maxLifetimeMinutes")}
        />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => onClose(false)}>
            Cancel
          </Button>
          <Button type="submit" disabled={saving}>
            {saving ? "Checking the issuer…" : "Save trust policy"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
