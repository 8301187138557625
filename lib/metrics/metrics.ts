import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";

// What operators graph, in Prometheus's text format (prom-client). Every label comes from a small
// fixed set (route patterns, tool and method names Keyway knows, outcomes, reasons), never from a
// token, an e-mail or an address, so nothing secret or personal reaches a label and no caller can
// grow the series without bound.

export const REFUSAL_REASONS = [
  "no_token",
  "malformed",
  "invalid",
  "expired",
  "revoked",
  "scope",
  "rate_limit",
  "address",
  "policy",
  "origin",
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

function create() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "keyway_" });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({
      name: "keyway_http_requests_total",
      help: "HTTP requests by route pattern, method and status",
      labelNames: ["route", "method", "status"],
      registers,
    }),
    httpDuration: new Histogram({
      name: "keyway_http_request_duration_seconds",
      help: "Time from a request's arrival to its answer, by route pattern",
      labelNames: ["route"],
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    mcpCalls: new Counter({
      name: "keyway_mcp_calls_total",
      help: "MCP calls (JSON-RPC requests) by tool or method and outcome, and the server (keyway: /mcp; else an organization's server's slug)",
      labelNames: ["tool", "outcome", "server"],
      registers,
    }),
    mcpRefusals: new Counter({
      name: "keyway_mcp_refusals_total",
      help: "/mcp requests refused before any call ran, by reason",
      labelNames: ["reason"],
      registers,
    }),
    usageFlushLag: new Histogram({
      name: "keyway_usage_flush_lag_seconds",
      help: "How long the oldest call of a usage flush waited in memory before it was written",
      buckets: [0.5, 1, 2, 5, 10, 30, 60, 300],
      registers,
    }),
    storeErrors: new Counter({
      name: "keyway_store_errors_total",
      help: "Requests answered 503 because a store was slow or gone, by store",
      labelNames: ["store"],
      registers,
    }),
    oauthEvents: new Counter({
      name: "keyway_oauth_grant_events_total",
      help: "OAuth grants issued, refreshed, revoked, and reuses detected",
      labelNames: ["event"],
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof create>;

// One set per process: the server (scripts/serve.ts) and Next's route bundles each load this
// module, and both must count into the same registry.
const holder = globalThis as unknown as { keywayMetrics?: Metrics };

export function metrics(): Metrics {
  holder.keywayMetrics ??= create();
  return holder.keywayMetrics;
}
