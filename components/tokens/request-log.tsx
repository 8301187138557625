"use client";

import { useState } from "react";
import { DataTable, type Column } from "@/components/data-table";
import { Alert, Button, SelectField, Section } from "@/components/ui";
import { exactTime } from "@/lib/client/format";
import { useApiPages } from "@/lib/client/use-api-load";
import { OVERVIEW_OPERATIONS, oneOf, type UsageSubject } from "./usage-subject";
import { USAGE_OUTCOMES, type RequestLogEntry, type UsageOutcome } from "@/lib/tokens/schemas";

const OUTCOME_LABEL: Record<UsageOutcome, string> = {
  succeeded: "Succeeded",
  error: "Error",
  denied: "Denied",
  rateLimited: "Rate-limited",
};

/** Which calls the log shows: how they ended, and which tool or method. */
type Filter = { outcome?: UsageOutcome; tool?: string };

/**
 * The secret of a call: for a token, its current one, one it replaced by rotation, or one handed on
 * from it (delegation); in an overview, the token's name too.
 */
function secretCell(subject: UsageSubject, { secret, delegatedFrom }: RequestLogEntry) {
  if (subject.kind === "all") return `${secret.name} …${secret.hint}`;
  if (subject.kind === "app") return `…${secret.hint}`;
  const which = delegatedFrom ? "delegated" : secret.id === subject.id ? "current" : "old";
  return `${which} …${secret.hint}`;
}

const columns = (subject: UsageSubject): Column<RequestLogEntry>[] => [
  { header: "Time", cell: (entry) => exactTime(entry.at), className: "whitespace-nowrap" },
  {
    header: subject.kind === "token" ? "Secret" : subject.kind === "app" ? "Access token" : "Token",
    cell: (entry) => secretCell(subject, entry),
    className: "font-mono text-xs",
  },
  { header: "Tool or method", cell: (entry) => entry.tool, className: "font-mono text-xs" },
  {
    header: "Outcome",
    cell: (entry) => (
      <>
        {OUTCOME_LABEL[entry.outcome]}
        {entry.status !== null && <span className="text-slate-600"> ({entry.status})</span>}
        {entry.reason && <span className="block text-xs text-slate-600">{entry.reason}</span>}
      </>
    ),
  },
  {
    header: "Duration",
    cell: (entry) => (entry.durationMs === null ? "Unknown" : `${entry.durationMs} ms`),
    className: "whitespace-nowrap text-right",
  },
  { header: "Client", cell: (entry) => entry.clientName ?? "Unknown" },
  { header: "Address", cell: (entry) => entry.clientAddress ?? "Unknown", className: "font-mono text-xs" },
];

/** The pages of one subject's log: a token's or an app's, or an overview's (every token in its scope). */
function useRequestPages(subject: UsageSubject, filter: Filter) {
  const query = { limit: 25, ...filter };
  const one = useApiPages(
    oneOf(subject).requests,
    subject.kind === "all" ? null : { params: { id: subject.id }, query },
    "requests",
  );
  const all = useApiPages(
    OVERVIEW_OPERATIONS.requests,
    subject.kind === "all" ? { query: { ...query, scope: subject.scope } } : null,
    "requests",
  );
  return subject.kind === "all" ? all : one;
}

/**
 * Each call, newest first, 25 at a time: when, with which secret, what, how it ended (status and
 * reason), how long it took, which client, from where; filtered by outcome and by tool (`tools`:
 * the ones the window's usage names).
 */
export function RequestLog({ subject, tools }: { subject: UsageSubject; tools: readonly string[] }) {
  const [filter, setFilter] = useState<Filter>({});
  const log = useRequestPages(subject, filter);
  const { items: entries, error } = log;
  const filtered = filter.outcome !== undefined || filter.tool !== undefined;
  // A tool chosen before the window changed stays choosable.
  const toolOptions = [...new Set([...tools, ...(filter.tool ? [filter.tool] : [])])].sort();

  return (
    <Section id="request-log-heading" title="Requests" level={3}>
      <div className="flex flex-wrap gap-3">
        <SelectField
          label="Outcome"
          id="request-log-outcome"
          value={filter.outcome ?? ""}
          onChange={(event) =>
            setFilter((current) => ({ ...current, outcome: (event.target.value || undefined) as UsageOutcome }))
          }
          options={[
            { value: "", label: "Any outcome" },
            ...USAGE_OUTCOMES.map((outcome) => ({ value: outcome, label: OUTCOME_LABEL[outcome] })),
          ]}
        />
        <SelectField
          label="Tool or method"
          id="request-log-tool"
          value={filter.tool ?? ""}
          onChange={(event) => setFilter((current) => ({ ...current, tool: event.target.value || undefined }))}
          options={[
            { value: "", label: "Any tool or method" },
            ...toolOptions.map((tool) => ({ value: tool, label: tool })),
          ]}
        />
      </div>
      {error && <Alert>{error}</Alert>}
      {entries?.length === 0 && (
        <p className="text-sm text-slate-600">{filtered ? "No requests match these filters." : "No requests yet."}</p>
      )}
      {entries && entries.length > 0 && (
        <DataTable
          caption="Requests, newest first"
          columns={columns(subject)}
          rows={entries}
          rowKey="id"
          rowTestId="request-log-entry"
        />
      )}
      {log.hasMore && (
        <div>
          <Button variant="secondary" disabled={log.loadingMore} onClick={() => void log.more()}>
            {log.loadingMore ? "Loading…" : "Show older requests"}
          </Button>
        </div>
      )}
    </Section>
  );
}
