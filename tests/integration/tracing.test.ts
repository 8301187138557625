import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../helpers/api";
import { callTool, connectMcp, rawMcp, toolCall } from "../helpers/mcp";
import { localServer } from "../helpers/oauth";
import { startServer, type RunningServer } from "../helpers/server";
import { createApiToken } from "../helpers/tokens";
import { until } from "../helpers/wait";

// Issue 23, item 6: an OpenTelemetry span for each MCP message, sent over OTLP/HTTP to whatever
// collector the standard variables name (here one on loopback), after the MCP semantic conventions.

type Attribute = { key: string; value: { stringValue?: string; intValue?: number } };
type CollectedSpan = { name: string; kind: number; attributes: Attribute[]; status?: { code?: number } };

const received: string[] = [];
let collector: Awaited<ReturnType<typeof localServer>>;
let server: RunningServer;

beforeAll(async () => {
  collector = await localServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      if (req.url === "/v1/traces") received.push(body);
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  server = await startServer({
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${collector.url}/v1/traces`,
    OTEL_BSP_SCHEDULE_DELAY: "100",
  });
});
afterAll(async () => {
  await server?.stop();
  await collector?.close();
});

function spans(): CollectedSpan[] {
  return received.flatMap((body) =>
    (JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: CollectedSpan[] }[] }[] }).resourceSpans.flatMap(
      (resource) => resource.scopeSpans.flatMap((scope) => scope.spans),
    ),
  );
}

const attributes = (span: CollectedSpan) =>
  Object.fromEntries(span.attributes.map((a) => [a.key, a.value.stringValue ?? a.value.intValue]));

describe("OpenTelemetry spans", () => {
  it("are one per MCP message, named and described after the MCP conventions, with nothing secret", async () => {
    const user = await createUser({ base: server.url });
    const { token } = await createApiToken(user, { scopes: ["execute:mcp", "read:tasks"] }, server.url);
    const client = await connectMcp(token, { base: server.url });
    await callTool(client, "list_tasks");
    await client.close();
    expect((await rawMcp(toolCall("create_task", { title: "no" }, 9), { base: server.url, token })).status).toBe(403);

    await until(() => spans().some((span) => span.name === "tools/call create_task"));
    const byName = new Map(spans().map((span) => [span.name, span]));
    expect([...byName.keys()]).toEqual(
      expect.arrayContaining([
        "initialize",
        "notifications/initialized",
        "tools/call list_tasks",
        "tools/call create_task",
      ]),
    );
    const list = byName.get("tools/call list_tasks")!;
    expect(list.kind).toBe(2); // SERVER
    expect(attributes(list)).toMatchObject({
      "mcp.method.name": "tools/call",
      "gen_ai.tool.name": "list_tasks",
      "gen_ai.operation.name": "execute_tool",
      "network.transport": "tcp",
    });
    expect(attributes(list)["jsonrpc.request.id"]).toBeDefined();
    expect(list.status?.code ?? 0).not.toBe(2);
    const denied = byName.get("tools/call create_task")!;
    expect(attributes(denied)).toMatchObject({ "jsonrpc.request.id": "9", "error.type": "denied" });
    expect(denied.status?.code).toBe(2); // ERROR
    expect(received.join("")).not.toContain(token);
    expect(received.join("")).not.toContain(user.email);
  });
});
