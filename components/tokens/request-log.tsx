"use client";

import { DataTable, type Column } from "@/components/data-table";
import { Alert, Button } from "@/components/ui";
import { exactTime } from "@/lib/client/format";
import { useApiPages } from "@/lib/client/use-api-load";
import { USAGE_OPERATIONS, type UsageSubject } from "./usage-subject";
import type { RequestLogEntry } from "@/lib/tokens/schemas";

const OUTCOME_LABEL: Record<RequestLogEntry["outcome"], string> = {
  succeeded: "Succeeded",
  error: "Error",
  denied: "Denied",
  rateLimited: "Rate-limited",
};

/** The columns, with the secret of each call: for a token, its current one or one it replaced by rotation. */
const columns = (subject: UsageSubject): Column<RequestLogEntry>[] => [
  { header: "Time", cell: (entry) => exactTime(entry.at), className: "whitespace-nowrap" },
  {
    header: subject.kind === "token" ? "Secret" : "Access token",
    cell: ({ secret }) =>
      subject.kind === "app" ? `…${secret.hint}` : `${secret.id === subject.id ? "current" : "old"} …${secret.hint}`,
    className: "font-mono text-xs whitespace-nowrap",
  },
  { header: "Tool or method", cell: (entry) => entry.tool, className: "font-mono text-xs" },
  { header: "Outcome", cell: (entry) => OUTCOME_LABEL[entry.outcome] },
  { header: "Client", cell: (entry) => entry.clientName ?? "Unknown" },
  { header: "Address", cell: (entry) => entry.clientAddress ?? "Unknown", className: "font-mono text-xs" },
];

/** Each call, newest first, 25 at a time: when, what, how it ended, which client, from where. */
export function RequestLog({ subject }: { subject: UsageSubject }) {
  const log = useApiPages(
    USAGE_OPERATIONS[subject.kind].requests,
    { params: { id: subject.id }, query: { limit: 25 } },
    "requests",
  );
  const { items: entries, error } = log;

  return (
    <section aria-labelledby="request-log-heading" className="flex flex-col gap-2">
      <h3 id="request-log-heading" className="text-sm font-medium">
        Requests
      </h3>
      {error && <Alert>{error}</Alert>}
      {entries?.length === 0 && <p className="text-sm text-slate-600">No requests yet.</p>}
      {entries && entries.length > 0 && (
        <DataTable
          caption="Requests, newest first"
          columns={columns(subject)}
          rows={entries}
          rowKey={(entry) => entry.id}
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
    </section>
  );
}
