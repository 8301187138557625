"use client";

import { useCallback, useEffect, useState, type FormEvent } from "react";
import { DataTable, type Column } from "@/components/data-table";
import { Alert, Button, Card } from "@/components/ui";
import { apiFetch } from "@/lib/client/api";
import { exactTime } from "@/lib/client/format";
import type { AuditEventView } from "@/lib/audit/schemas";
import type { Member } from "@/lib/teams/schemas";

const FAMILIES = [
  { value: "", label: "All events" },
  { value: "token.", label: "Tokens" },
  { value: "oauth.", label: "Connected apps (OAuth)" },
  { value: "auth.", label: "Sign-ins" },
  { value: "admin.", label: "Administration" },
];

const TARGET_LABEL: Record<string, string> = {
  api_token: "Token",
  user: "Person",
  oauth_grant: "Connected app",
  oauth_client: "App",
  organization: "Organization",
  invitation: "Invitation",
};

const COLUMNS: Column<AuditEventView>[] = [
  { header: "When", cell: (event) => exactTime(event.createdAt), className: "whitespace-nowrap" },
  { header: "Event", cell: (event) => event.action, className: "font-mono text-xs" },
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
const EMPTY: Filter = { action: "", actor: "", target: "", from: "", to: "" };

/** Filters as the API takes them: dates from the inputs (local days) as ISO instants. */
function queryOf(filter: Filter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.action) params.set("action", filter.action);
  if (filter.actor) params.set("actor", filter.actor);
  if (filter.target) params.set("target", filter.target);
  if (filter.from) params.set("from", new Date(`${filter.from}T00:00:00`).toISOString());
  if (filter.to) params.set("to", new Date(new Date(`${filter.to}T00:00:00`).getTime() + 86_400_000).toISOString());
  return params;
}

export function AuditLog() {
  const [filter, setFilter] = useState<Filter>(EMPTY);
  const [members, setMembers] = useState<Member[]>([]);
  useEffect(() => {
    const controller = new AbortController();
    apiFetch<{ members: Member[] }>("/api/v2/organization/members", { signal: controller.signal })
      .then((result) => result.ok && setMembers(result.data.members))
      .catch(() => undefined);
    return () => controller.abort();
  }, []);
  const [events, setEvents] = useState<AuditEventView[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (cursor?: string, signal?: AbortSignal) => {
      const params = queryOf(filter);
      if (cursor) params.set("cursor", cursor);
      const result = await apiFetch<{ events: AuditEventView[]; nextCursor: string | null }>(
        `/api/v2/audit?${params}`,
        {
          signal,
        },
      );
      if (signal?.aborted) return;
      if (!result.ok) return setError(result.message);
      setError(null);
      setEvents((current) => (cursor && current ? [...current, ...result.data.events] : result.data.events));
      setNextCursor(result.data.nextCursor);
    },
    [filter],
  );

  useEffect(() => {
    const controller = new AbortController();
    load(undefined, controller.signal).catch(() => undefined);
    return () => controller.abort();
  }, [load]);

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

  const exportHref = (format: "csv" | "jsonl") => `/api/v2/audit/export?${queryOf(filter)}&format=${format}`;
  const input = "rounded-md border border-slate-300 px-2 py-1.5 text-sm";

  return (
    <div className="flex flex-col gap-4">
      <Card>
        <form onSubmit={onSubmit} aria-label="Filter the audit log" className="grid gap-3 sm:grid-cols-3">
          <label className="flex flex-col gap-1 text-sm">
            Event type
            <select name="action" defaultValue="" className={input}>
              {FAMILIES.map((family) => (
                <option key={family.value} value={family.value}>
                  {family.label}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1 text-sm">
            Who
            <select name="actor" defaultValue="" className={input}>
              <option value="">Anyone</option>
              {members.map((member) => (
                <option key={member.userId} value={member.userId}>
                  {member.name ? `${member.name} (${member.email})` : member.email}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1 text-sm">
            Token or object id
            <input name="target" className={input} />
          </label>
          <label className="flex flex-col gap-1 text-sm">
            From
            <input type="date" name="from" className={input} />
          </label>
          <label className="flex flex-col gap-1 text-sm">
            To (inclusive)
            <input type="date" name="to" className={input} />
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
            rowKey={(event) => event.id}
            rowTestId="audit-event"
          />
          {nextCursor && (
            <Button variant="secondary" className="mt-3" onClick={() => load(nextCursor)}>
              Load more
            </Button>
          )}
        </div>
      )}
    </div>
  );
}
