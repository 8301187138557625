"use client";

import { useCallback, useEffect, useState } from "react";
import { DataTable, type Column } from "@/components/data-table";
import { Alert, Button } from "@/components/ui";
import { exactTime } from "@/lib/client/format";
import { usageApi, type UsageSubject } from "@/lib/client/tokens-api";
import type { RequestLogEntry } from "@/lib/tokens/schemas";

const OUTCOME_LABEL: Record<RequestLogEntry["outcome"], string> = {
  succeeded: "Succeeded",
  error: "Error",
  denied: "Denied",
  rateLimited: "Rate-limited",
};

const COLUMNS: Column<RequestLogEntry>[] = [
  { header: "Time", cell: (entry) => exactTime(entry.at), className: "whitespace-nowrap" },
  { header: "Tool or method", cell: (entry) => entry.tool, className: "font-mono text-xs" },
  { header: "Outcome", cell: (entry) => OUTCOME_LABEL[entry.outcome] },
  { header: "Client", cell: (entry) => entry.clientName ?? "Unknown" },
  { header: "Address", cell: (entry) => entry.clientAddress ?? "Unknown", className: "font-mono text-xs" },
];

/** Each call, newest first, 25 at a time: when, what, how it ended, which client, from where. */
export function RequestLog({ subject }: { subject: UsageSubject }) {
  const [entries, setEntries] = useState<RequestLogEntry[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const { kind, id } = subject;
  const load = useCallback(
    async (cursor: string | null, signal?: AbortSignal) => {
      setLoading(true);
      const result = await usageApi.requests({ kind, id }, cursor, signal);
      setLoading(false);
      if (!result.ok) return setError(result.message);
      setEntries((current) => [...(cursor ? (current ?? []) : []), ...result.data.requests]);
      setNext(result.data.nextCursor);
    },
    [kind, id],
  );

  useEffect(() => {
    const controller = new AbortController();
    load(null, controller.signal).catch(() => undefined);
    return () => controller.abort();
  }, [load]);

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
          columns={COLUMNS}
          rows={entries}
          rowKey={(entry) => entry.id}
          rowTestId="request-log-entry"
        />
      )}
      {next && (
        <div>
          <Button variant="secondary" disabled={loading} onClick={() => void load(next)}>
            {loading ? "Loading…" : "Show older requests"}
          </Button>
        </div>
      )}
    </section>
  );
}
