"use client";

import Link from "next/link";
import { useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Alert, cx, Section } from "@/components/ui";
import { useApiLoad } from "@/lib/client/use-api-load";
import type { UsageOverview, UsageWindow } from "@/lib/tokens/schemas";
import { DataTable, type Column } from "@/components/data-table";
import { OVERVIEW_OPERATIONS, oneOf, type UsageSubject } from "./usage-subject";
import { RequestLog } from "./request-log";

const WINDOWS: { value: UsageWindow; label: string }[] = [
  { value: "24h", label: "24 hours" },
  { value: "7d", label: "7 days" },
  { value: "30d", label: "30 days" },
];

const OUTCOMES = [
  { key: "succeeded", label: "Succeeded", color: "#059669" },
  { key: "errors", label: "Errors", color: "#dc2626" },
  { key: "denied", label: "Denied", color: "#d97706" },
  { key: "rateLimited", label: "Rate-limited", color: "#7c3aed" },
] as const;

const ORIGIN_LABELS = {
  connected_app: "connected app",
  service_client: "service account client",
  workload: "workload",
  delegation: "delegated",
} as const;

type ToolRow = UsageOverview["byTool"][number];

/** A count per outcome, the columns that follow a row's name in both summaries. */
function outcomeColumns<T extends Record<(typeof OUTCOMES)[number]["key"] | "requests", number>>(): Column<T>[] {
  return [
    { header: "Requests", cell: (row) => row.requests, numeric: true },
    ...OUTCOMES.map((o) => ({ header: o.label, cell: (row: T) => row[o.key], numeric: true })),
  ];
}

const TOOL_COLUMNS: Column<ToolRow>[] = [
  { header: "Tool or method", cell: (row) => row.tool, rowHeader: true, className: "font-mono text-xs" },
  ...outcomeColumns<ToolRow>(),
];

function bucketLabel(iso: string, window: UsageWindow) {
  const date = new Date(iso);
  return window === "24h"
    ? date.toLocaleTimeString("en", { hour: "2-digit", minute: "2-digit" })
    : date.toLocaleDateString("en", { month: "short", day: "numeric" });
}

/** A subject's usage in a window: a token's or an app's, or an overview's with its busiest tokens. */
function useUsage(subject: UsageSubject, window: UsageWindow) {
  // Another window is another URL: the chart shows loading until its own answer arrives.
  const one = useApiLoad(
    oneOf(subject).usage,
    subject.kind === "all" ? null : { params: { id: subject.id }, query: { window } },
  );
  const all = useApiLoad(
    OVERVIEW_OPERATIONS.usage,
    subject.kind === "all" ? { query: { window, scope: subject.scope } } : null,
  );
  return subject.kind === "all"
    ? { usage: all.data, byToken: all.data?.byToken ?? null, error: all.error }
    : { usage: one.data, byToken: null, error: one.error };
}

/**
 * Usage of a token, a connected app or every token in a scope: totals, a chart over time, by tool
 * (and, in an overview, by token), and each request.
 */
export function UsageView({ subject }: { subject: UsageSubject }) {
  const [window, setWindow] = useState<UsageWindow>("24h");
  const { usage, byToken, error } = useUsage(subject, window);

  return (
    <div className="flex flex-col gap-4">
      <div role="group" aria-label="Time window" className="flex gap-1">
        {WINDOWS.map((w) => (
          <button
            key={w.value}
            type="button"
            aria-pressed={window === w.value}
            onClick={() => setWindow(w.value)}
            className={cx(
              "rounded-md px-3 py-1.5 text-sm",
              window === w.value ? "bg-indigo-50 font-medium text-indigo-800" : "text-slate-600 hover:bg-slate-100",
            )}
          >
            {w.label}
          </button>
        ))}
      </div>
      {error && <Alert>{error}</Alert>}
      {!usage && !error && (
        <div role="status" aria-label="Loading usage" className="h-64 animate-pulse rounded-md bg-slate-100" />
      )}
      {usage && (
        <>
          <dl aria-label="Totals" className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-5">
            <div className="rounded-md bg-slate-50 p-2">
              <dt className="text-xs text-slate-500">Requests</dt>
              <dd className="text-lg font-semibold">{usage.totals.requests}</dd>
            </div>
            {OUTCOMES.map((o) => (
              <div key={o.key} className="rounded-md bg-slate-50 p-2">
                <dt className="text-xs text-slate-500">{o.label}</dt>
                <dd className="text-lg font-semibold">{usage.totals[o.key]}</dd>
              </div>
            ))}
          </dl>
          <figure aria-label="Requests over time" className="h-64 w-full">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart
                data={usage.series.map((point) => ({ ...point, label: bucketLabel(point.start, usage.window) }))}
              >
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="label" fontSize={11} interval="preserveStartEnd" />
                <YAxis allowDecimals={false} fontSize={11} width={32} />
                {/* In the page's own colours (either scheme), with the counts in text colour rather
                    than each bar's, which is too light to read on a card. */}
                <Tooltip
                  contentStyle={{
                    background: "var(--color-white)",
                    borderColor: "var(--color-slate-200)",
                    color: "var(--color-slate-900)",
                  }}
                  labelStyle={{ color: "var(--color-slate-900)" }}
                  itemStyle={{ color: "var(--color-slate-900)" }}
                  cursor={{ fill: "var(--color-slate-100)" }}
                />
                <Legend wrapperStyle={{ fontSize: 12 }} />
                {OUTCOMES.map((o) => (
                  <Bar
                    key={o.key}
                    dataKey={o.key}
                    name={o.label}
                    stackId="outcome"
                    fill={o.color}
                    isAnimationActive={false}
                  />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </figure>
          {usage.byTool.length === 0 ? (
            <p className="text-sm text-slate-600">No requests in this window.</p>
          ) : (
            <DataTable caption="Requests by tool" columns={TOOL_COLUMNS} rows={usage.byTool} rowKey="tool" />
          )}
          {byToken && byToken.length > 0 && <BusiestTokens rows={byToken} />}
        </>
      )}
      <RequestLog subject={subject} tools={usage?.byTool.map((row) => row.tool) ?? []} />
    </div>
  );
}

/** An overview's secrets with the most requests in the window, each linked to its token's page. */
function BusiestTokens({ rows }: { rows: UsageOverview["byToken"] }) {
  return (
    <Section id="busiest-heading" title="Busiest tokens" level={3}>
      <DataTable
        caption="Tokens with the most requests in this window"
        rows={rows}
        rowKey="tokenId"
        rowTestId="busiest-token"
        columns={[
          {
            header: "Token",
            cell: (row) => {
              const label = (
                <>
                  {row.name} <span className="font-mono text-xs">…{row.hint}</span>
                </>
              );
              return row.origin === "personal" ? (
                <Link href={`/tokens/${encodeURIComponent(row.tokenId)}`} className="text-indigo-700 underline">
                  {label}
                </Link>
              ) : (
                <>
                  {label} ({ORIGIN_LABELS[row.origin]})
                </>
              );
            },
          },
          ...outcomeColumns<(typeof rows)[number]>(),
        ]}
      />
    </Section>
  );
}
