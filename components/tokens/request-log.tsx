"use client";

import { useCallback, useEffect, useState } from "react";
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
        <table className="stack-on-phone w-full text-left text-sm" aria-labelledby="request-log-heading">
          <thead className="text-xs text-slate-500">
            <tr>
              <th scope="col" className="py-1 pr-3">
                Time
              </th>
              <th scope="col" className="py-1 pr-3">
                Tool or method
              </th>
              <th scope="col" className="py-1 pr-3">
                Outcome
              </th>
              <th scope="col" className="py-1 pr-3">
                Client
              </th>
              <th scope="col" className="py-1 pr-3">
                Address
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id} className="border-t border-slate-100" data-testid="request-log-entry">
                <td data-label="Time" className="py-1 pr-3 whitespace-nowrap">
                  {exactTime(entry.at)}
                </td>
                <td data-label="Tool or method" className="py-1 pr-3 font-mono text-xs">
                  {entry.tool}
                </td>
                <td data-label="Outcome" className="py-1 pr-3">
                  {OUTCOME_LABEL[entry.outcome]}
                </td>
                <td data-label="Client" className="py-1 pr-3">
                  {entry.clientName ?? "Unknown"}
                </td>
                <td data-label="Address" className="py-1 pr-3 font-mono text-xs">
                  {entry.clientAddress ?? "Unknown"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
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
