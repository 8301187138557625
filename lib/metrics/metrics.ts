import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";
import { routePattern } from "./route-pattern";

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

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
/** Finished HTTP requests counted at once (see create). */
const HTTP_BATCH = 256;

function create() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "keyway_" });
  const registers = [registry];
  // Finished HTTP requests wait here as raw values (url, method, status, seconds) and are counted
  // in batches: every HTTP_BATCH requests, and before every scrape, so /metrics always includes
  // every request answered before it. Measured: the route pattern and prom-client's label work,
  // run once at the end of each response, cost ~50 µs of CPU a request (cold code every time);
  // in a batch, about 1 µs each.
  const finished: (string | number)[] = [];
  const countFinished = () => {
    for (let i = 0; i < finished.length; i += 4) {
      const route = routePattern(finished[i] as string);
      const method = finished[i + 1] as string;
      httpRequests.inc({ route, method: METHODS.has(method) ? method : "OTHER", status: String(finished[i + 2]) });
      httpDuration.observe({ route }, finished[i + 3] as number);
    }
    finished.length = 0;
  };
  const httpRequests = new Counter({
    name: "keyway_http_requests_total",
    help: "HTTP requests by route pattern, method and status",
    labelNames: ["route", "method", "status"],
    registers,
    collect: countFinished,
  });
  const httpDuration = new Histogram({
    name: "keyway_http_request_duration_seconds",
    help: "Time from a request's arrival to its answer, by route pattern",
    labelNames: ["route"],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
    collect: countFinished,
  });
  return {
    registry,
    /** A finished HTTP request, for keyway_http_requests_total and its duration histogram. */
    recordHttpRequest(url: string, method: string, status: number, seconds: number) {
      finished.push(url, method, status, seconds);
      if (finished.length >= HTTP_BATCH * 4) countFinished();
    },
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
