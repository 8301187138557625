import { Client as Client2, StreamableHTTPClientTransport as Transport2 } from "@modelcontextprotocol/client";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { CreateMessageRequestSchema, ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, createUser, type TestUser } from "../helpers/api";
import { runOutsideTool } from "../helpers/outside-clients";
import { startServer, type RunningServer } from "../helpers/server";
import { startServerEverything } from "../helpers/server-everything";
import { createApiToken, waitForUsage } from "../helpers/tokens";

// Issue 33, item 6: Keyway in front of an MCP server nobody at Keyway wrote, the reference
// server-everything from npm over Streamable HTTP. Through the gateway, the official SDK clients
// (1.x and 2.x) list and call its tools, receive its progress notifications before the result,
// and answer its elicitation and sampling requests; the MCP Inspector CLI lists its tools.

let keyway: RunningServer;
let everything: Awaited<ReturnType<typeof startServerEverything>>;
let owner: TestUser;
let token: { id: string; token: string };
const slug = "everything";
const METRICS_TOKEN = "metrics-token-that-is-at-least-32-bytes-long";
const resource = () => `${keyway.url}/mcp/servers/${slug}`;

beforeAll(async () => {
  [everything, keyway] = await Promise.all([
    startServerEverything(),
    startServer({ UPSTREAM_ALLOWED: "127.0.0.1", METRICS_TOKEN }),
  ]);
  owner = await createUser({ base: keyway.url });
  const registered = await api("/api/v2/organization/servers", {
    base: keyway.url,
    token: owner.accessToken,
    body: { name: "Everything", slug, url: everything.url, auth: { mode: "none" } },
  });
  expect(registered.status).toBe(201);
  token = await createApiToken(owner, { name: "everything", scopes: ["execute:mcp"], server: slug }, keyway.url);
});

afterAll(async () => {
  await keyway?.stop();
  await everything?.stop();
});

const headers = () => ({ Authorization: `Bearer ${token.token}` });

// What a host answers the server's requests with: the elicitation form filled in, a sampled message.
const ELICITED = {
  name: "Ada Lovelace",
  check: true,
  firstLine: "It was a dark and stormy night.",
  email: "ada@example.test",
  homepage: "https://example.test",
  birthdate: "1815-12-10",
  integer: 42,
  number: 3.14,
  untitledSingleSelectEnum: "option1",
  titledSingleSelectEnum: "option1",
  legacyTitledEnum: "option1",
  untitledMultipleSelectEnum: ["option1"],
  titledMultipleSelectEnum: ["option1"],
};
const SAMPLED = {
  model: "host-model",
  role: "assistant" as const,
  content: { type: "text" as const, text: "sampled through Keyway" },
};
const capabilities = { elicitation: {}, sampling: {} };

type Connected = {
  asked: string[];
  callTool: (name: string, args: Record<string, unknown>, onprogress?: (progress: number) => void) => Promise<unknown>;
  listTools: () => Promise<string[]>;
  close: () => Promise<void>;
};

/** The 1.x SDK client, declaring elicitation and sampling and answering them as a host would. */
async function client1(): Promise<Connected> {
  const client = new Client({ name: "gateway-1x", version: "1.0.0" }, { capabilities });
  const asked: string[] = [];
  client.setRequestHandler(ElicitRequestSchema, async (request) => {
    asked.push(`elicit: ${request.params.message}`);
    return { action: "accept", content: ELICITED };
  });
  client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
    asked.push(`sample: ${JSON.stringify(request.params.messages[0]?.content)}`);
    return SAMPLED;
  });
  await client.connect(new StreamableHTTPClientTransport(new URL(resource()), { requestInit: { headers: headers() } }));
  return {
    asked,
    callTool: (name, args, onprogress) =>
      client.callTool(
        { name, arguments: args },
        undefined,
        onprogress && { onprogress: (p) => onprogress(p.progress) },
      ),
    listTools: async () => (await client.listTools()).tools.map((tool) => tool.name),
    close: () => client.close(),
  };
}

/** The 2.x SDK client, the same host. */
async function client2(): Promise<Connected> {
  const client = new Client2({ name: "gateway-2x", version: "1.0.0" }, { capabilities });
  const asked: string[] = [];
  client.setRequestHandler("elicitation/create", async (request) => {
    asked.push(`elicit: ${request.params.message}`);
    return { action: "accept", content: ELICITED };
  });
  client.setRequestHandler("sampling/createMessage", async (request) => {
    asked.push(`sample: ${JSON.stringify(request.params.messages[0]?.content)}`);
    return SAMPLED;
  });
  await client.connect(new Transport2(new URL(resource()), { requestInit: { headers: headers() } }));
  return {
    asked,
    callTool: (name, args, onprogress) =>
      client.callTool({ name, arguments: args }, onprogress && { onprogress: (p) => onprogress(p.progress) }),
    listTools: async () => (await client.listTools()).tools.map((tool) => tool.name),
    close: () => client.close(),
  };
}

describe.each([
  ["1.x", client1],
  ["2.x", client2],
])("server-everything behind Keyway, with the %s SDK client", (_, connect) => {
  it("lists and calls its tools, streaming every progress notification before the result", async () => {
    const client = await connect();
    expect(await client.listTools()).toEqual(
      expect.arrayContaining(["echo", "trigger-long-running-operation", "trigger-sampling-request"]),
    );
    expect(((await client.callTool("echo", { message: "hello" })) as { content: unknown }).content).toEqual([
      { type: "text", text: "Echo: hello" },
    ]);
    const progress: number[] = [];
    let resultAt = -1;
    await client
      .callTool("trigger-long-running-operation", { duration: 1, steps: 3 }, (value) => progress.push(value))
      .then(() => (resultAt = progress.length));
    expect(progress).toEqual([1, 2, 3]);
    expect(resultAt).toBe(3);
    await client.close();
  });

  it("carries elicitation and sampling requests to the client and its answers back", async () => {
    const client = await connect();
    const elicited = await client.callTool("trigger-elicitation-request", {});
    expect(JSON.stringify(elicited)).toContain("Ada Lovelace");
    const sampled = await client.callTool("trigger-sampling-request", { prompt: "a haiku" });
    expect(JSON.stringify(sampled)).toContain("sampled through Keyway");
    expect(client.asked).toHaveLength(2);
    expect(client.asked[0]).toContain("elicit: Please provide inputs");
    expect(client.asked[1]).toContain("a haiku");
    await client.close();
  });
});

describe("server-everything behind Keyway", () => {
  it("serves the 2.x client, and passes its DELETE on to end the session, whose id is refused from then on", async () => {
    const client = new Client2({ name: "gateway-2x", version: "1.0.0" });
    const transport = new Transport2(new URL(resource()), { requestInit: { headers: headers() } });
    await client.connect(transport);
    expect((await client.callTool({ name: "get-sum", arguments: { a: 2, b: 3 } })).content).toEqual([
      { type: "text", text: "The sum of 2 and 3 is 5." },
    ]);
    const sessionId = transport.sessionId!;
    expect(sessionId).toBeTruthy();
    await transport.terminateSession();
    // The upstream session is gone: the id is refused from now on.
    const after = await fetch(resource(), {
      method: "POST",
      headers: {
        ...headers(),
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-session-id": sessionId,
        "mcp-protocol-version": "2025-11-25",
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 9, method: "tools/list" }),
    });
    expect(after.status).toBe(404);
    await client.close();
  });

  it("passes Last-Event-ID on: the server replays what came after the client's last event, the result included", async () => {
    const mcpHeaders = (session?: string) => ({
      ...headers(),
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": "2025-11-25",
      ...(session && { "mcp-session-id": session }),
    });
    const opened = await fetch(resource(), {
      method: "POST",
      headers: mcpHeaders(),
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "resuming", version: "1" } },
      }),
    });
    const session = opened.headers.get("mcp-session-id")!;
    await opened.text();
    await (
      await fetch(resource(), {
        method: "POST",
        headers: mcpHeaders(session),
        body: JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }),
      })
    ).text();

    // A long call's stream, read to its end, whose first progress event stands for the last one a
    // client got before its connection broke. (Read whole because server-everything's sample event
    // store replays only what it has stored: it files a resumed stream under an event id rather
    // than the stream's, so live events after a resumption do not reach it.)
    const call = await fetch(resource(), {
      method: "POST",
      headers: mcpHeaders(session),
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 7,
        method: "tools/call",
        params: {
          name: "trigger-long-running-operation",
          arguments: { duration: 1, steps: 4 },
          _meta: { progressToken: "resumed" },
        },
      }),
    });
    expect(call.headers.get("content-type")).toContain("text/event-stream");
    const streamed = await call.text();
    expect(streamed).toContain('"id":7');
    // The first event that carries a message (2025-11-25 servers open with an empty priming event).
    const lastEventId = /^id: (\S+)\ndata: \{"method":"notifications\/progress"/m.exec(streamed)![1]!;

    // The client comes back with the id of the last event it got, as the transport specifies.
    const resumed = await fetch(resource(), {
      method: "GET",
      headers: { ...mcpHeaders(session), accept: "text/event-stream", "last-event-id": lastEventId },
    });
    expect(resumed.status).toBe(200);
    const replay = resumed.body!.getReader();
    const decoder = new TextDecoder();
    let replayed = "";
    while (!replayed.includes('"id":7')) {
      const { value, done } = await replay.read();
      if (done) break;
      replayed += decoder.decode(value, { stream: true });
    }
    await replay.cancel();
    // What came after that event, and not that event again: the later progress and the result.
    expect(replayed).toContain('"id":7');
    expect(replayed).toContain("Long running operation completed");
    expect(replayed).toContain('"progress":4');
    expect(replayed).not.toContain('"progress":1,');
    expect(replayed).not.toContain(`id: ${lastEventId}\n`);
  });

  it("is listed by the MCP Inspector CLI through Keyway", async () => {
    const listed = await runOutsideTool("@modelcontextprotocol/inspector/cli/build/cli.js", [
      "--cli",
      resource(),
      "--transport",
      "http",
      "--header",
      `Authorization: Bearer ${token.token}`,
      "--method",
      "tools/list",
    ]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout).tools.map((tool: { name: string }) => tool.name)).toContain("echo");
  });

  it("records every call in the token's usage, by the server's tool names", async () => {
    const usage = await waitForUsage(
      owner,
      token.id,
      (body) => body.byTool?.some((entry: { tool: string }) => entry.tool === "trigger-sampling-request"),
      keyway.url,
    );
    // Each of the two clients called echo once.
    expect(usage.byTool).toContainEqual(expect.objectContaining({ tool: "echo", succeeded: 2 }));
    expect(usage.byTool).toContainEqual(expect.objectContaining({ tool: "trigger-long-running-operation" }));
    // The operators' counts name the server the calls were for.
    const metrics = await (
      await fetch(`${keyway.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
    ).text();
    const series = metrics.split("\n").filter((line) => line.startsWith("keyway_mcp_calls_total{"));
    expect(series.some((line) => line.includes('outcome="succeeded",server="everything"'))).toBe(true);
    expect(series.some((line) => line.includes('server="keyway"'))).toBe(false);
  });
});
