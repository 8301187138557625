import { describe, expect, it } from "vitest";
import { headerMismatch } from "@/lib/mcp/stages/standard-headers";
import { filterEventStream, filterJsonAnswer } from "@/lib/mcp/stages/tool-filter";
import { narrowedTo, toolsWithin } from "@/lib/upstream/tool-permissions";

// Issue 33, item 4: per-tool permissions at an upstream server. The rule (what a token may be
// given), the listing a narrowed token sees, and the 2026-07-28 headers checked against the body.

describe("the tools a token may be given", () => {
  it("keeps what was asked within the holder's limit, gives the limit when nothing was asked, and names the rest", () => {
    expect(toolsWithin(null, null)).toEqual({ tools: null });
    expect(toolsWithin(["a"], null)).toEqual({ tools: ["a"] });
    expect(toolsWithin(null, ["a", "b"])).toEqual({ tools: ["a", "b"] });
    expect(toolsWithin(["b"], ["a", "b"])).toEqual({ tools: ["b"] });
    expect(toolsWithin(["b", "c"], ["a", "b"])).toEqual({ outside: ["c"] });
  });

  it("narrows a live token to a new limit, never widening it", () => {
    expect(narrowedTo(null, ["a"])).toEqual(["a"]);
    expect(narrowedTo(["a", "c"], ["a", "b"])).toEqual(["a"]);
    expect(narrowedTo(["c"], ["a"])).toEqual([]);
  });
});

const listing = (id: number, names: string[]) => ({
  jsonrpc: "2.0",
  id,
  result: { tools: names.map((name) => ({ name, inputSchema: { type: "object" } })) },
});

describe("a listing for a narrowed token", () => {
  const allowed = new Set(["echo"]);

  it("leaves out the tools it may not call in a JSON answer, and only in answers to its tools/list calls", () => {
    const answer = JSON.stringify([listing(1, ["echo", "shout"]), listing(2, ["echo", "shout"])]);
    const filtered = JSON.parse(filterJsonAnswer(answer, new Set([1]), allowed));
    expect(filtered[0].result.tools.map((t: { name: string }) => t.name)).toEqual(["echo"]);
    expect(filtered[1].result.tools.map((t: { name: string }) => t.name)).toEqual(["echo", "shout"]);
  });

  it("filters an event stream split anywhere, passing other events on as they are", async () => {
    const progress = `event: message\ndata: ${JSON.stringify({ jsonrpc: "2.0", method: "notifications/progress", params: { progress: 1 } })}\n\n`;
    const result = `id: 7\nevent: message\ndata: ${JSON.stringify(listing(3, ["echo", "shout"]))}\n\n`;
    const whole = new TextEncoder().encode(progress + result);
    // One byte at a time: events and even characters arrive split.
    const source = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const byte of whole) controller.enqueue(new Uint8Array([byte]));
        controller.close();
      },
    });
    const text = await new Response(source.pipeThrough(filterEventStream(new Set([3]), allowed))).text();
    const events = text.split("\n\n").filter(Boolean);
    expect(events[0]).toBe(progress.trimEnd());
    expect(events[1]).toContain("id: 7");
    const data = JSON.parse(
      events[1]!
        .split("\n")
        .find((line) => line.startsWith("data: "))!
        .slice(6),
    );
    expect(data.result.tools.map((t: { name: string }) => t.name)).toEqual(["echo"]);
  });
});

describe("the 2026-07-28 standard headers", () => {
  const call = { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "echo", arguments: {} } };
  const headers = (entries: Record<string, string>) => new Headers(entries);

  it("agree with the body, or are absent", () => {
    expect(headerMismatch(headers({}), call)).toBeNull();
    expect(headerMismatch(headers({ "mcp-method": "tools/call", "mcp-name": "echo" }), call)).toBeNull();
    // Base64 for what HTTP cannot carry: "echo" encoded.
    expect(headerMismatch(headers({ "mcp-name": `=?base64?${btoa("echo")}?=` }), call)).toBeNull();
  });

  it("that name another call are refused", () => {
    expect(headerMismatch(headers({ "mcp-method": "tools/list" }), call)).toContain(
      "Mcp-Method header names tools/list",
    );
    expect(headerMismatch(headers({ "mcp-name": "shout" }), call)).toContain("Mcp-Name header names shout");
    expect(headerMismatch(headers({ "mcp-name": "=?base64?not base64?=" }), call)).toContain("malformed");
  });
});
