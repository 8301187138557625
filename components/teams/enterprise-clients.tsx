"use client";

import { useState, type FormEvent } from "react";
import { CopyButton } from "@/components/copy-button";
import { Alert, Button, Card, Field, Section, InlineForm } from "@/components/ui";
import { createEnterpriseClient, deleteEnterpriseClient, listEnterpriseClients } from "@/lib/api/operations";
import { callApi } from "@/lib/client/api";
import { useApiLoad } from "@/lib/client/use-api-load";
import { calendarDate } from "@/lib/client/format";
import type { EnterpriseClientView } from "@/lib/oauth/schemas";

/**
 * MCP clients registered for enterprise-managed authorization: the identity provider set up for
 * single sign-on grants them access for members (ID-JAG), with no consent page. Owners register
 * and delete them; the secret is shown once.
 */
export function EnterpriseClients({ editable }: { editable: boolean }) {
  const loaded = useApiLoad(listEnterpriseClients, {});
  const { error, setError, reload } = loaded;
  const clients = loaded.data?.clients ?? [];
  const [created, setCreated] = useState<{ clientId: string; clientSecret: string } | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const name = String(new FormData(element).get("name") ?? "").trim();
    const result = await callApi(createEnterpriseClient, { body: { name } });
    if (!result.ok) return setError(result.message);
    setError(null);
    setCreated(result.data);
    element.reset();
    reload();
  }

  async function remove(client: EnterpriseClientView) {
    const result = await callApi(deleteEnterpriseClient, { params: { id: client.clientId } });
    if (!result.ok) setError(result.message);
    reload();
  }

  return (
    <Section id="enterprise-clients-heading" title="Enterprise-managed apps">
      <p className="text-sm text-slate-600">
        MCP clients your identity provider may grant access for your members (enterprise-managed authorization), with no
        consent page. Give the client ID to your identity provider, and the client ID and secret to the app.
      </p>
      {error && <Alert>{error}</Alert>}
      {created && (
        <Alert tone="success">
          <span className="block">
            Client ID:{" "}
            <code className="font-mono" data-testid="enterprise-client-id">
              {created.clientId}
            </code>
          </span>
          <span className="block">
            Client secret (shown once):{" "}
            <code className="font-mono" data-testid="enterprise-client-secret">
              {created.clientSecret}
            </code>
          </span>
          <span className="mt-2 flex gap-2">
            <CopyButton text={created.clientSecret} label="Copy the client secret" />
          </span>
        </Alert>
      )}
      {clients.length === 0 && <p className="text-sm text-slate-500">No enterprise-managed app yet.</p>}
      <ul className="flex flex-col gap-2">
        {clients.map((client) => (
          <li key={client.clientId}>
            <Card className="flex flex-wrap items-center justify-between gap-2">
              <div>
                <p className="font-medium">{client.name}</p>
                <p className="font-mono text-xs text-slate-500">
                  {client.clientId} · registered {calendarDate(client.createdAt)}
                </p>
              </div>
              {editable && (
                <Button variant="danger" onClick={() => remove(client)} aria-label={`Delete ${client.name}`}>
                  Delete
                </Button>
              )}
            </Card>
          </li>
        ))}
      </ul>
      {editable && (
        <InlineForm label="Register an enterprise-managed app" onSubmit={onSubmit}>
          <Field id="enterprise-client-name" label="App name" name="name" required maxLength={100} className="grow" />
          <Button type="submit">Register app</Button>
        </InlineForm>
      )}
    </Section>
  );
}
