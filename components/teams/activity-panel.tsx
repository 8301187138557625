"use client";

import { useState, type FormEvent } from "react";
import { CopyButton } from "@/components/copy-button";
import { DataTable, type Column } from "@/components/data-table";
import { Alert, Button, Card, Field, Section, InlineForm } from "@/components/ui";
import { dismissFlag, getWebhook, listActivity, setWebhook, testWebhook } from "@/lib/api/operations";
import { callApi } from "@/lib/client/api";
import { useApiLoad } from "@/lib/client/use-api-load";
import { exactTime } from "@/lib/client/format";
import type { z } from "zod";
import type { activityListSchema, webhookLogSchema, WebhookDeliveryView } from "@/lib/activity/schemas";

type Flags = z.infer<typeof activityListSchema>["flags"];
type WebhookLog = z.infer<typeof webhookLogSchema>;

const EVENT_LABEL: Record<WebhookDeliveryView["event"], string> = {
  "token.unusual_activity": "Flag",
  "token.expiring": "Expiry notice",
  "webhook.test": "Test",
};

const DELIVERY_COLUMNS: Column<WebhookLog["deliveries"][number]>[] = [
  { header: "Created", cell: (delivery) => exactTime(delivery.createdAt) },
  { header: "Event", cell: (delivery) => EVENT_LABEL[delivery.event] },
  { header: "Status", cell: (delivery) => delivery.status },
  { header: "Attempts", cell: (delivery) => delivery.attempts },
  { header: "Last answer", cell: (delivery) => delivery.lastStatus ?? delivery.lastError ?? "—" },
];

const KIND_LABEL: Record<Flags[number]["kind"], string> = {
  refusal_burst: "Burst of refused calls",
  use_after_silence: "Used after a long silence",
  new_client_address: "First use from a new address",
  new_user_agent: "First use from a new client program",
  new_client_info: "First use from a new MCP client",
  leak_reported: "Found in public and revoked",
};

/** The organization's unusual-activity flags and the webhook they are sent to (owners edit it). */
export function ActivityPanel({ owner }: { owner: boolean }) {
  const activity = useApiLoad(listActivity, {});
  const flags = activity.data?.flags ?? null;
  const webhook = useApiLoad(getWebhook, {});
  const { data: log, error, setError } = webhook;
  const [secret, setSecret] = useState<string | null>(null);

  async function dismiss(id: string) {
    const result = await callApi(dismissFlag, { params: { id } });
    if (!result.ok) return setError(result.message);
    activity.reload();
  }

  const [tested, setTested] = useState<WebhookDeliveryView | null>(null);
  async function test() {
    const result = await callApi(testWebhook);
    if (!result.ok) return setError(result.message);
    setError(null);
    setTested(result.data);
    webhook.reload();
  }

  async function save(url: string | null) {
    const result = await callApi(setWebhook, { body: { url } });
    if (!result.ok) return setError(result.fields?.url?.[0] ?? result.message);
    setError(null);
    setSecret(result.data.secret);
    webhook.reload();
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void save(String(new FormData(event.currentTarget).get("url") ?? "").trim() || null);
  }

  return (
    <Section id="activity-heading" title="Unusual activity" gap={3}>
      {flags?.length === 0 && <p className="text-sm text-slate-500">Nothing unusual so far.</p>}
      {flags && flags.length > 0 && (
        <ul className="flex flex-col gap-1 text-sm">
          {flags.map((flag) => (
            <li key={flag.id} data-testid="activity-flag" className="flex flex-wrap gap-x-3">
              <span className="font-medium">{KIND_LABEL[flag.kind]}</span>
              <span>{flag.tokenName}</span>
              <span className="font-mono text-xs text-slate-600">{Object.values(flag.detail).join(" · ")}</span>
              <span className="text-slate-500">{exactTime(flag.createdAt)}</span>
              <button
                type="button"
                className="text-indigo-700 underline"
                onClick={() => void dismiss(flag.id)}
                aria-label={`Dismiss the flag on ${flag.tokenName}: ${KIND_LABEL[flag.kind]}`}
              >
                Dismiss
              </button>
            </li>
          ))}
        </ul>
      )}
      <Card>
        <InlineForm label="Activity webhook" onSubmit={onSubmit}>
          <Field
            label="Webhook URL"
            name="url"
            type="url"
            defaultValue={log?.url ?? ""}
            key={log?.url ?? "none"}
            disabled={!owner}
            hint="Each flag is POSTed as JSON, signed in the Keyway-Signature header (HMAC-SHA256 of `<t>.<body>`)."
            className="min-w-64 flex-1"
          />
          {owner && <Button type="submit">Save webhook</Button>}
          {owner && log?.url && (
            <>
              <Button variant="secondary" onClick={() => void test()}>
                Send a test
              </Button>
              <Button variant="secondary" onClick={() => save(null)}>
                Remove
              </Button>
            </>
          )}
        </InlineForm>
        {error && <Alert>{error}</Alert>}
        {tested && (
          <Alert tone={tested.status === "delivered" ? "success" : "warning"}>
            {tested.status === "delivered"
              ? `The test was delivered (HTTP ${tested.lastStatus}).`
              : `The test was not delivered: ${tested.lastError ?? "no answer"}. It is retried like any event; see the log below.`}
          </Alert>
        )}
        {secret && (
          <div className="mt-3 flex flex-wrap items-center gap-2" role="status">
            <span className="text-sm">Signing secret (shown once):</span>
            <code className="rounded bg-slate-100 px-2 py-1 text-xs" data-testid="webhook-secret">
              {secret}
            </code>
            <CopyButton text={secret} label="Copy secret" />
          </div>
        )}
        {log && log.deliveries.length > 0 && (
          <DataTable
            caption="Webhook deliveries, newest first"
            className="mt-3 text-xs"
            columns={DELIVERY_COLUMNS}
            rows={log.deliveries}
            rowKey="id"
            rowTestId="webhook-delivery"
          />
        )}
      </Card>
    </Section>
  );
}
