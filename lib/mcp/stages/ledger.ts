import { SpanKind, SpanStatusCode, trace, type Span } from "@opentelemetry/api";
import { metrics } from "../../metrics/metrics";
import { usageRecorder, type CallEnd, type CallSource, type UsageOutcome } from "../../usage/usage-recorder";
import { TOOL_NAME } from "../../upstream/tool-permissions";
import { TOOLS } from "../server";
import { idOf } from "./json-rpc";

// Stage 4, the record: each call's usage, metric and span, settled exactly once, and the labels
// they go under.

const TOOL_NAMES = new Set(TOOLS.map((tool) => tool.name));
// The methods a metric label may name; any other method is "other" (usage keeps its own name).
const METHODS = new Set([
  "initialize",
  "ping",
  "tools/list",
  "server/discover",
  "resources/list",
  "resources/templates/list",
  "prompts/list",
  "completion/complete",
  "logging/setLevel",
  "tools/call",
  "tools/call:unknown",
  "notifications/initialized",
  "notifications/cancelled",
  "invalid",
]);
const isKeywayTool = (name: string) => TOOL_NAMES.has(name);

/** An upstream server's tools are its own: any name of the shape MCP tool names have. */
export const isUpstreamToolName = (name: string) => TOOL_NAME.test(name);

export const metricLabel = (label: string) => (TOOL_NAMES.has(label) || METHODS.has(label) ? label : "other");

/**
 * The name usage is recorded under for one JSON-RPC message: the tool for `tools/call`, the
 * method otherwise. Only known tools and well-formed method names are kept, so callers cannot fill
 * the usage table with arbitrary labels (or with bytes a store refuses). Null for what is no call:
 * a notification (`notifications/initialized`) or a response, which usage does not count.
 */
export function usageLabel(message: unknown, knownTool: (name: string) => boolean = isKeywayTool): string | null {
  const m = message as { method?: unknown; id?: unknown; params?: { name?: unknown } } | null;
  if (typeof m === "object" && m !== null && !Array.isArray(m)) {
    // A notification has a method and no id; a response (which has an id) a result or an error.
    if (typeof m.method === "string" ? m.id === undefined : "result" in m || "error" in m) return null;
  }
  if (m?.method === "tools/call") {
    const name = m.params?.name;
    return typeof name === "string" && knownTool(name) ? name : "tools/call:unknown";
  }
  return typeof m?.method === "string" && /^[\w./-]{1,64}$/.test(m.method) ? m.method : "invalid";
}

const tracer = trace.getTracer("keyway-mcp");

/**
 * One span per MCP message, after the OpenTelemetry MCP semantic conventions: named
 * `{mcp.method.name} {tool}`, with the method, the tool, the JSON-RPC id and the protocol
 * revision; never an argument, a token or a result. A no-op until an SDK is configured.
 */
function messageSpan(call: unknown, protocolVersion: string | null, server: string): Span | undefined {
  const m = call as { method?: unknown; id?: unknown; params?: { name?: unknown } } | null;
  if (typeof m?.method !== "string") return undefined;
  const method = metricLabel(m.method);
  const tool = method === "tools/call" && typeof m.params?.name === "string" ? metricLabel(m.params.name) : null;
  const id = typeof m.id === "string" || typeof m.id === "number" ? String(m.id) : null;
  return tracer.startSpan(tool ? `${method} ${tool}` : method, {
    kind: SpanKind.SERVER,
    attributes: {
      "mcp.method.name": method,
      ...(tool && { "gen_ai.tool.name": tool, "gen_ai.operation.name": "execute_tool" }),
      ...(id !== null && { "jsonrpc.request.id": id }),
      ...(protocolVersion &&
        /^\d{4}-\d{2}-\d{2}$/.test(protocolVersion) && { "mcp.protocol.version": protocolVersion }),
      "network.transport": "tcp",
      // Which MCP server the call was for: Keyway's own, or an organization's through the gateway.
      "keyway.mcp.server": server,
    },
  });
}

/** How a call ended, as far as the step that settles it knows: the answer's status and why it failed. */
export type Settlement = { label?: string | null; status?: number | null; reason?: string | null };

/**
 * The one place usage is recorded: every call a request carries is settled exactly once, with the
 * outcome of the step that decided it (refused by the rate limit, answered by a tool, or answered
 * by the protocol). A tool that finishes after the HTTP response (a stream, a legacy SSE session)
 * settles its own call when it does.
 */
export class CallLedger {
  private readonly settled = new Set<number>();
  private readonly spans: (Span | undefined)[];

  /** `labels[i]` null: the message is transport (a notification, a GET probe), never recorded. */
  constructor(
    private readonly tokenId: string | null,
    readonly calls: readonly unknown[],
    private readonly labels: readonly (string | null)[],
    private readonly source: CallSource,
    protocolVersion: string | null = null,
    /** The server the calls are for: `keyway` (/mcp), or an organization's server's slug. */
    private readonly server = "keyway",
    /** When the request arrived (performance.now()), for each call's duration. */
    private readonly startedAt = performance.now(),
  ) {
    this.spans = calls.map((call) => messageSpan(call, protocolVersion, server));
  }

  settle(
    index: number,
    outcome: UsageOutcome,
    { label = this.labels[index], status = null, reason = null }: Settlement = {},
  ) {
    if (this.settled.has(index) || index < 0 || index >= this.calls.length) return;
    this.settled.add(index);
    const span = this.spans[index];
    if (span) {
      if (outcome !== "succeeded") {
        span.setAttribute("error.type", outcome === "error" ? "tool_error" : outcome);
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    }
    if (!label) return;
    metrics().mcpCalls.inc({ tool: metricLabel(label), outcome, server: this.server });
    if (!this.tokenId) return;
    const end: CallEnd = {
      status,
      reason: outcome === "succeeded" ? null : reason,
      durationMs: Math.round(performance.now() - this.startedAt),
    };
    usageRecorder().record(this.tokenId, label, outcome, this.source, end);
  }

  /** A tool reports its call (by JSON-RPC id) under the tool's own name; its answer is a 200. */
  readonly settleToolCall = (tool: string, outcome: UsageOutcome, id: string | number, reason?: string) => {
    const index = this.calls.findIndex((call, i) => !this.settled.has(i) && idOf(call) === id);
    this.settle(index, outcome, { label: tool, status: 200, reason });
  };

  /**
   * Every call not settled yet; `pending` leaves a call for its tool to settle later. `end`: the
   * answer's status and, for calls that did not succeed, why.
   */
  settleRest(
    outcomeOf: (call: unknown, index: number) => UsageOutcome | "pending",
    end: Omit<Settlement, "label"> = {},
  ) {
    this.calls.forEach((call, index) => {
      if (this.settled.has(index)) return;
      const outcome = outcomeOf(call, index);
      if (outcome !== "pending") this.settle(index, outcome, end);
    });
  }
}

/**
 * The MCP client's name for the per-request log. A 2026 request names it in every `_meta`; a 2025
 * client only in `initialize`, so the name is remembered per token, address and user agent for
 * the requests that follow (in memory, bounded: a name the instance has not seen is simply null).
 */
export const clientNames = {
  known: new Map<string, string>(),
  of(tokenId: string, address: string | null, request: Request, named: string | undefined): string | null {
    const key = `${tokenId}\u0000${address}\u0000${request.headers.get("user-agent") ?? ""}`;
    if (named) {
      const name = named.slice(0, 100);
      if (this.known.get(key) !== name) {
        if (this.known.size >= 10_000) this.known.delete(this.known.keys().next().value!);
        this.known.set(key, name);
      }
      return name;
    }
    return this.known.get(key) ?? null;
  },
};

/** The MCP client's own name, where the request says it: `initialize` (2025) or the 2026 `_meta`. */
export function clientInfoName(body: unknown): string | undefined {
  const first = Array.isArray(body) ? body[0] : body;
  const params = (first as { params?: Record<string, unknown> } | undefined)?.params;
  const info =
    (params?.clientInfo as { name?: unknown } | undefined) ??
    ((params?._meta as Record<string, unknown> | undefined)?.["io.modelcontextprotocol/clientInfo"] as
      { name?: unknown } | undefined);
  return typeof info?.name === "string" ? info.name : undefined;
}
