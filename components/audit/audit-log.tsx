"use client";

import { useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { DataTable, type Column } from "@/components/data-table";
import { Alert, Button, Card, Select } from "@/components/ui";
import { exportAudit, listAudit, listMembers } from "@/lib/api/operations";
import { operationUrl } from "@/lib/client/api";
import { useAddressQuery } from "@/lib/client/use-address-query";
import { useApiLoad, useApiPages } from "@/lib/client/use-api-load";
import { exactTime } from "@/lib/client/format";
import type { AuditEventView } from "@/lib/audit/schemas";
import type { Member } from "@/lib/teams/schemas";

const FAMILIES = [
  { value: "", label: "All events" },
  { value: "token.", label: "Tokens" },
  { value: "oauth.", label: "Connected apps (OAuth)" },
  { value: "auth.", label: "Sign-ins" },
  { value: "member.", label: "Members" },
  { value: "service_account.", label: "Service accounts and their workloads" },
  { value: "admin.", label: "Administration" },
];

const TARGET_LABEL: Record<string, string> = {
  api_token: "Token",
  user: "Person",
  oauth_grant: "Connected app",
  oauth_client: "App",
  organization: "Organization",
  invitation: "Invitation",
  service_account: "Service account",
};

/** "member.role_changed" as people say it: "Member role changed". */
function eventLabel(action: string): string {
  const words = action.replace(/[._]/g, " ");
  return `${words[0]!.toUpperCase()}${words.slice(1)}`;
}

/** What changed, from the event's details: a change of something "from" one value "to" another, or its plain values. */
function eventDetails(metadata: Record<string, unknown>): string {
  if ("from" in metadata && "to" in metadata) return `${String(metadata.from)} → ${String(metadata.to)}`;
  return Object.entries(metadata)
    .filter(([, value]) => ["string", "number", "boolean"].includes(typeof value))
    .slice(0, 3)
    .map(([key, value]) => `${key}: ${String(value)}`)
    .join(" · ");
}

const COLUMNS: Column<AuditEventView>[] = [
  { header: "When", cell: (event) => exactTime(event.createdAt), className: "whitespace-nowrap" },
  {
    header: "Event",
    cell: (event) => (
      <>
        <span className="font-medium">{eventLabel(event.action)}</span>
        {eventDetails(event.metadata) && <span className="block text-xs">{eventDetails(event.metadata)}</span>}
        <span className="block font-mono text-xs text-slate-500">{event.action}</span>
      </>
    ),
  },
  { header: "Who", cell: (event) => event.actorEmail ?? event.actorUserId ?? "The app or client" },
  { header: "From", cell: (event) => event.clientAddress ?? "—", className: "font-mono text-xs" },
  {
    header: "Object",
    cell: (event) => (
      <>
        <span className="text-xs text-slate-500">{TARGET_LABEL[event.targetType] ?? event.targetType}</span>{" "}
        {event.targetName ? <span data-testid="target-name">{event.targetName}</span> : null}
        <span className="block font-mono text-xs break-all text-slate-500" title="id">
          {event.targetId}
        </span>
      </>
    ),
  },
];

type Filter = { action: string; actor: string; target: string; from: string; to: string };
const FILTER_FIELDS = ["action", "actor", "target", "from", "to"] as const;

/** Filters as the API takes them: dates from the inputs (local days) as ISO instants. */
function queryOf(filter: Filter) {
  const day = (date: string, add = 0) => new Date(new Date(`${date}T00:00:00`).getTime() + add).toISOString();
  return {
    action: filter.action || undefined,
    actor: filter.actor || undefined,
    target: filter.target || undefined,
    from: filter.from ? day(filter.from) : undefined,
    to: filter.to ? day(filter.to, 86_400_000) : undefined,
  };
}

const actorOptions = (members: readonly Member[]) => [
  { value: "", label: "Anyone" },
  ...members.map((member) => ({
    value: member.userId,
    label: member.name ? `${member.name} (${member.email})` : member.email,
  })),
];

export function AuditLog() {
  // The filters start from the address and keep it up to date: a reload or a shared link shows the same events.
  const params = useSearchParams();
  const [filter, setFilter] = useState<Filter>(
    () => Object.fromEntries(FILTER_FIELDS.map((field) => [field, params.get(field) ?? ""])) as Filter,
  );
  useAddressQuery(filter);
  const members = useApiLoad(listMembers, {}).data?.members ?? [];
  const log = useApiPages(listAudit, { query: queryOf(filter) }, "events");
  const { items: events, error } = log;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setFilter({
      action: String(form.get("action") ?? ""),
      actor: String(form.get("actor") ?? "").trim(),
      target: String(form.get("target") ?? "").trim(),
      from: String(form.get("from") ?? ""),
      to: String(form.get("to") ?? ""),
    });
  }

  const exportHref = (format: "csv" | "jsonl") => operationUrl(exportAudit, { query: { ...queryOf(filter), format } });
  const input = "rounded-md border border-slate-300 px-2 py-1.5 text-sm";

  return (
    <div className="flex flex-col gap-4">
      <Card>
        <form onSubmit={onSubmit} aria-label="Filter the audit log" className="grid gap-3 sm:grid-cols-3">
          <label className="flex flex-col gap-1 text-sm">
            Event type
            <Select name="action" defaultValue={filter.action} options={FAMILIES} />
          </label>
          <label className="flex flex-col gap-1 text-sm">
            Who
            {/* Drawn again once the people arrive, so an actor from the address is selected. */}
            <Select key={members.length} name="actor" defaultValue={filter.actor} options={actorOptions(members)} />
          </label>
          <label className="flex flex-col gap-1 text-sm">
            Token or object id
            <input name="target" defaultValue={filter.target} className={input} />
          </label>
          <label className="flex flex-col gap-1 text-sm">
            From
            <input type="date" name="from" defaultValue={filter.from} className={input} />
          </label>
          <label className="flex flex-col gap-1 text-sm">
            To (inclusive)
            <input type="date" name="to" defaultValue={filter.to} className={input} />
          </label>
          <div className="flex items-end gap-2">
            <Button type="submit">Apply filters</Button>
            <a className="text-sm text-indigo-700 underline" href={exportHref("csv")} download>
              Export CSV
            </a>
            <a className="text-sm text-indigo-700 underline" href={exportHref("jsonl")} download>
              Export JSON Lines
            </a>
          </div>
        </form>
      </Card>
      {error && <Alert>{error}</Alert>}
      {events === null && !error && <p className="text-sm text-slate-500">Loading the audit log…</p>}
      {events?.length === 0 && <p className="text-sm text-slate-500">No events match these filters.</p>}
      {events && events.length > 0 && (
        <div>
          <DataTable
            caption="Audit events, newest first"
            columns={COLUMNS}
            rows={events}
            rowKey="id"
            rowTestId="audit-event"
          />
          {log.hasMore && (
            <Button variant="secondary" className="mt-3" disabled={log.loadingMore} onClick={() => void log.more()}>
              Load more
            </Button>
          )}
        </div>
      )}
    </div>
  );
}
