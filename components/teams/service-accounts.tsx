"use client";

import { useState, type FormEvent } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Dialog } from "@/components/dialog";
import { StatusBadge } from "@/components/status-badge";
import { Alert, Button, Card, Field, Section, InlineForm } from "@/components/ui";
import { CopyOnceDialog } from "@/components/tokens/copy-once-dialog";
import { GenerateTokenForm } from "@/components/tokens/generate-token-form";
import { RotateDialog } from "@/components/tokens/rotate-dialog";
import { WorkloadTrusts } from "./workload-trusts";
import { calendarDate } from "@/lib/client/format";
import {
  createServiceAccount,
  createServiceAccountToken,
  deleteServiceAccount,
  listServiceAccounts,
  listServiceAccountTokens,
  revokeToken,
  updateServiceAccount,
} from "@/lib/api/operations";
import { callApi } from "@/lib/client/api";
import { useApiLoad } from "@/lib/client/use-api-load";
import type { ServiceAccount } from "@/lib/teams/schemas";
import type { TokenListItem, TokenWithSecret } from "@/lib/tokens/schemas";

type Pending =
  | { kind: "token"; account: ServiceAccount }
  | { kind: "disable" | "delete"; account: ServiceAccount }
  | { kind: "rotate" | "revoke"; account: ServiceAccount; token: TokenListItem };

/**
 * Service accounts (owners and admins): machine identities of the organization for CI jobs,
 * scheduled agents and services. Their tokens are made here under a member's policy, shown once,
 * and rotated (with an overlap) or revoked from the account's card, beside the workloads trusted
 * to act as the account with no token at all.
 */
export function ServiceAccounts() {
  const loaded = useApiLoad(listServiceAccounts, {});
  const { error, setError } = loaded;
  const accounts = loaded.data?.serviceAccounts ?? null;
  // Each account's token list loads again with the accounts (a change to one shows in both).
  const [round, setRound] = useState(0);
  const load = () => {
    loaded.reload();
    setRound((current) => current + 1);
  };
  const [pending, setPending] = useState<Pending | null>(null);
  const [issued, setIssued] = useState<{ token: TokenWithSecret; rotated: boolean } | null>(null);

  async function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const name = String(new FormData(formElement).get("name") ?? "");
    const result = await callApi(createServiceAccount, { body: { name } });
    if (!result.ok) return setError(result.fields?.name?.[0] ? `Name ${result.fields.name[0]}.` : result.message);
    setError(null);
    formElement.reset();
    load();
  }

  function done() {
    setPending(null);
    load();
  }

  return (
    <Section id="service-accounts-heading" title="Service accounts">
      <p className="text-sm text-slate-600">
        For automation: a service account belongs to the organization, so its tokens keep working when people leave. Its
        tokens get no more than a member&apos;s under the token policy.
      </p>
      {error && <Alert>{error}</Alert>}
      <Card>
        <InlineForm label="Create a service account" onSubmit={onCreate}>
          <Field
            label="Service account name"
            id="service-account-name"
            name="name"
            required
            maxLength={100}
            className="min-w-64 flex-1"
          />
          <Button type="submit">Create service account</Button>
        </InlineForm>
      </Card>
      {accounts?.length === 0 && <p className="text-sm text-slate-600">No service accounts yet.</p>}
      <ul className="flex flex-col gap-2">
        {accounts?.map((account) => (
          <li key={account.id}>
            <Card className="flex flex-col gap-3">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <div className="flex flex-col">
                  <span className="font-medium">{account.name}</span>
                  <span className="text-xs text-slate-600">
                    Created {calendarDate(account.createdAt)}
                    {account.createdBy && ` by ${account.createdBy}`} · {account.activeTokens} active{" "}
                    {account.activeTokens === 1 ? "token" : "tokens"}
                    {account.lastUsedAt && ` · last used ${calendarDate(account.lastUsedAt)}`}
                  </span>
                </div>
                <div className="flex flex-wrap items-center gap-2">
                  <StatusBadge value={account.status} />
                  {account.status === "active" ? (
                    <>
                      <Button onClick={() => setPending({ kind: "token", account })}>New token</Button>
                      <Button variant="secondary" onClick={() => setPending({ kind: "disable", account })}>
                        Disable
                      </Button>
                    </>
                  ) : (
                    <Button
                      variant="secondary"
                      onClick={async () => {
                        const result = await callApi(updateServiceAccount, {
                          params: { id: account.id },
                          body: { disabled: false },
                        });
                        if (!result.ok) setError(result.message);
                        load();
                      }}
                    >
                      Enable
                    </Button>
                  )}
                  <Button variant="danger" onClick={() => setPending({ kind: "delete", account })}>
                    Delete
                  </Button>
                </div>
              </div>
              <AccountTokens
                account={account}
                version={round}
                onRotate={(token) => setPending({ kind: "rotate", account, token })}
                onRevoke={(token) => setPending({ kind: "revoke", account, token })}
              />
              <WorkloadTrusts account={account} />
            </Card>
          </li>
        ))}
      </ul>

      {pending?.kind === "token" && (
        <Dialog open wide title={`New token for “${pending.account.name}”`} onDismiss={() => setPending(null)}>
          <GenerateTokenForm
            role="member"
            onCancel={() => setPending(null)}
            label={`New token for ${pending.account.name}`}
            create={(body) => callApi(createServiceAccountToken, { params: { id: pending.account.id }, body })}
            onIssued={(token) => {
              setPending(null);
              setIssued({ token, rotated: false });
            }}
          />
        </Dialog>
      )}
      {pending?.kind === "disable" && (
        <ConfirmDialog
          title={`Disable “${pending.account.name}”?`}
          confirmLabel="Disable"
          tone="danger"
          action={() => callApi(updateServiceAccount, { params: { id: pending.account.id }, body: { disabled: true } })}
          onDone={done}
          onCancel={() => setPending(null)}
        >
          <p>Its tokens are refused from their next request until you enable it again.</p>
        </ConfirmDialog>
      )}
      {pending?.kind === "delete" && (
        <ConfirmDialog
          title={`Delete “${pending.account.name}”?`}
          confirmLabel="Delete service account"
          tone="danger"
          action={() => callApi(deleteServiceAccount, { params: { id: pending.account.id } })}
          onDone={done}
          onCancel={() => setPending(null)}
        >
          <p>It and every token it holds are gone for good; its tokens are refused from their next request.</p>
        </ConfirmDialog>
      )}
      {pending?.kind === "rotate" && (
        <RotateDialog
          token={pending.token}
          onCancel={() => setPending(null)}
          onRotated={(successor) => {
            setPending(null);
            setIssued({ token: successor, rotated: true });
          }}
        />
      )}
      {pending?.kind === "revoke" && (
        <ConfirmDialog
          title={`Revoke “${pending.token.name}”?`}
          confirmLabel="Revoke token"
          tone="danger"
          action={() => callApi(revokeToken, { params: { id: pending.token.id } })}
          onDone={done}
          onCancel={() => setPending(null)}
        >
          <p>The next request with it is refused.</p>
        </ConfirmDialog>
      )}
      {issued && (
        <CopyOnceDialog
          issued={issued.token}
          rotated={issued.rotated}
          onDone={() => {
            setIssued(null);
            load();
          }}
        />
      )}
    </Section>
  );
}

/** A service account's active tokens, with their rotation overlap; rotate and revoke go up to the section. */
function AccountTokens({
  account,
  version,
  onRotate,
  onRevoke,
}: {
  account: ServiceAccount;
  version: number;
  onRotate: (token: TokenListItem) => void;
  onRevoke: (token: TokenListItem) => void;
}) {
  const tokens =
    useApiLoad(listServiceAccountTokens, { params: { id: account.id }, query: { status: "active" } }, { version }).data
      ?.tokens ?? [];
  if (tokens.length === 0) return null;
  return (
    <ul aria-label={`Tokens of ${account.name}`} className="flex flex-col gap-1 text-sm">
      {tokens.map((token) => {
        const overlap = token.history.find((old) => !old.revokedAt && Date.parse(old.expiresAt) > Date.now());
        return (
          <li key={token.id} className="flex flex-wrap items-center justify-between gap-2">
            <span>
              <span className="font-medium">{token.name}</span>{" "}
              <code className="text-xs text-slate-600">…{token.hint}</code> · {token.scopes.join(", ")} · expires{" "}
              {calendarDate(token.expiresAt)}
              {token.approval !== "approved" && ` · ${token.approval === "pending" ? "awaiting approval" : "denied"}`}
              {overlap && ` · old token stops at ${new Date(overlap.expiresAt).toLocaleString()}`}
            </span>
            <span className="flex gap-2">
              <Button variant="secondary" onClick={() => onRotate(token)}>
                Rotate
              </Button>
              <Button variant="danger" onClick={() => onRevoke(token)}>
                Revoke
              </Button>
            </span>
          </li>
        );
      })}
    </ul>
  );
}
