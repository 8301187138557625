import { describe, expect, it } from "vitest";
import { metrics } from "@/lib/metrics/metrics";
import { CallLedger, metricLabel, usageLabel } from "@/lib/mcp/stages/ledger";
import { decide, rateLimitHeaders } from "@/lib/mcp/stages/meter";

// Issue 33, item 1: the pure parts of the gate's stages (lib/mcp/stages): the rate decision, the
// labels usage and metrics go under, and the ledger that settles each call once.

describe("the meter's decision", () => {
  it("admits the calls that fit under the limit, the first ones of a batch, and never more", () => {
    // count is the total after this request's calls were added.
    expect(decide({ count: 3, resetSeconds: 100 }, 3, 10)).toEqual({
      admitted: 3,
      limit: 10,
      remaining: 7,
      resetSeconds: 100,
    });
    expect(decide({ count: 12, resetSeconds: 5 }, 4, 10)).toEqual({
      admitted: 2,
      limit: 10,
      remaining: 0,
      resetSeconds: 5,
    });
    expect(decide({ count: 15, resetSeconds: 5 }, 1, 10)).toMatchObject({ admitted: 0, remaining: 0 });
    expect(decide({ count: 10, resetSeconds: 5 }, 1, 10)).toMatchObject({ admitted: 1, remaining: 0 });
  });

  it("says the limit, what remains and when it resets in the RateLimit headers", () => {
    expect(rateLimitHeaders({ admitted: 1, limit: 10, remaining: 7, resetSeconds: 42 })).toEqual({
      "RateLimit-Limit": "10",
      "RateLimit-Remaining": "7",
      "RateLimit-Reset": "42",
    });
  });
});

describe("the labels", () => {
  it("records a tool call under the tool's name, other calls under their method, transport under nothing", () => {
    expect(usageLabel({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "whoami" } })).toBe("whoami");
    expect(usageLabel({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "no_such_tool" } })).toBe(
      "tools/call:unknown",
    );
    expect(usageLabel({ jsonrpc: "2.0", id: 1, method: "ping" })).toBe("ping");
    expect(usageLabel({ jsonrpc: "2.0", method: "notifications/initialized" })).toBeNull();
    expect(usageLabel({ jsonrpc: "2.0", id: 1, result: {} })).toBeNull();
    expect(usageLabel({ jsonrpc: "2.0", id: null, error: { code: -1, message: "no" } })).toBeNull();
    expect(usageLabel({ jsonrpc: "2.0", id: 1, method: "x".repeat(65) })).toBe("invalid");
    expect(usageLabel("not an object")).toBe("invalid");
  });

  it("keeps metric labels to a fixed set", () => {
    expect(metricLabel("whoami")).toBe("whoami");
    expect(metricLabel("tools/list")).toBe("tools/list");
    expect(metricLabel("made/up")).toBe("other");
  });
});

describe("the ledger", () => {
  const counted = async (tool: string, outcome: string) =>
    (await metrics().mcpCalls.get()).values.find((v) => v.labels.tool === tool && v.labels.outcome === outcome)
      ?.value ?? 0;

  it("settles each call once, a tool's by its JSON-RPC id, and leaves pending ones for later", async () => {
    const calls = [
      { jsonrpc: "2.0", id: "a", method: "tools/call", params: { name: "health_check" } },
      { jsonrpc: "2.0", id: "b", method: "ping" },
      { jsonrpc: "2.0", method: "notifications/initialized" },
    ];
    const ledger = new CallLedger(
      null,
      calls,
      calls.map((call) => usageLabel(call)),
      { clientName: null, clientAddress: null },
    );
    const before = {
      tool: await counted("health_check", "error"),
      toolSucceeded: await counted("health_check", "succeeded"),
      ping: await counted("ping", "succeeded"),
    };

    ledger.settleToolCall("health_check", "error", "a");
    ledger.settleToolCall("health_check", "succeeded", "a"); // already settled: no second record
    ledger.settle(1, "succeeded");
    ledger.settle(1, "error");
    ledger.settleRest(() => "succeeded");

    expect(await counted("health_check", "error")).toBe(before.tool + 1);
    expect(await counted("ping", "succeeded")).toBe(before.ping + 1);
    expect(await counted("health_check", "succeeded")).toBe(before.toolSucceeded);

    const pending = new CallLedger(null, [calls[0]], [usageLabel(calls[0])], { clientName: null, clientAddress: null });
    const beforePending = await counted("health_check", "succeeded");
    pending.settleRest(() => "pending");
    expect(await counted("health_check", "succeeded")).toBe(beforePending);
    pending.settleToolCall("health_check", "succeeded", "a");
    expect(await counted("health_check", "succeeded")).toBe(beforePending + 1);
  });
});
