import { describe, expect, it } from "vitest";
import { createUser } from "../helpers/api";
import { testDb } from "../helpers/db";
import { connectMcpV2, rawMcp, toolCall } from "../helpers/mcp";
import { createApiToken, waitForUsage } from "../helpers/tokens";

// /mcp speaks 2026-07-28 (server/discover, per-request _meta) and the 2025 revisions
// (initialize) with the same tools, scopes, isolation, limits and usage. The clients here are
// the SDK's current major; tests/integration/mcp.test.ts drives the 1.x client.
const MODERN = "2026-07-28";

describe("MCP 2026-07-28 with the 2.x client", () => {
  it("connects pinned to 2026-07-28 and serves the token's tools in its organization", async () => {
    const user = await createUser();
    const token = await createApiToken(user, { scopes: ["execute:mcp", "write:tasks"] });
    const client = await connectMcpV2(token.token, { pin: MODERN });
    expect(client.getNegotiatedProtocolVersion()).toBe(MODERN);
    expect(client.getServerVersion()).toMatchObject({ name: "keyway" });

    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain("create_task");
    expect(tools.map((tool) => tool.name)).not.toContain("update_context");

    const created = await client.callTool({ name: "create_task", arguments: { title: "from 2026" } });
    expect(created.isError).toBeFalsy();
    expect(await testDb().task.count({ where: { orgId: user.orgId, title: "from 2026" } })).toBe(1);

    await expect(
      client.callTool({ name: "update_context", arguments: { level: "organization", data: {} } }),
    ).rejects.toThrow(/write:context/); // the 2.x client reports the challenge: Insufficient scope: required "... write:context"

    await expect(client.callTool({ name: "no_such_tool", arguments: {} })).rejects.toThrow(
      /Unknown tool: no_such_tool/,
    );
    await client.close();

    // Every call settled, the unknown tool's error included (a flush may land between the calls).
    const usage = await waitForUsage(
      user,
      token.id,
      (u) => u.totals.denied === 1 && u.totals.errors >= 1 && u.totals.succeeded >= 3,
    );
    const byTool = Object.fromEntries(
      usage.byTool.map((t: { tool: string; requests: number }) => [t.tool, t.requests]),
    );
    expect(byTool).toMatchObject({ create_task: 1, update_context: 1, "tools/call:unknown": 1 });
  });

  it("negotiates the current revision in auto mode and the 2025 handshake in its default mode", async () => {
    const user = await createUser();
    const token = await createApiToken(user, {});
    const auto = await connectMcpV2(token.token, "auto");
    expect(auto.getNegotiatedProtocolVersion()).toBe(MODERN);
    expect((await auto.listTools()).tools.map((tool) => tool.name)).toContain("list_tasks");
    await auto.close();

    const legacy = await connectMcpV2(token.token, "legacy");
    expect(legacy.getNegotiatedProtocolVersion()).toBe("2025-11-25");
    expect((await legacy.listTools()).tools.map((tool) => tool.name)).toContain("list_tasks");
    await legacy.close();
  });

  it("refuses a 2026 request without a token, over the limit, or for another organization's data", async () => {
    const user = await createUser();
    const other = await createUser();
    const token = await createApiToken(user, { scopes: ["execute:mcp", "write:tasks"] });
    const otherToken = await createApiToken(other, { scopes: ["execute:mcp", "write:tasks"] });
    const client = await connectMcpV2(token.token, { pin: MODERN });
    const created = await client.callTool({ name: "create_task", arguments: { title: "mine" } });
    const id = (created.structuredContent as any).task.id;
    await client.close();

    const stranger = await connectMcpV2(otherToken.token, { pin: MODERN });
    const foreign = await stranger.callTool({ name: "get_task", arguments: { id } });
    expect(foreign.isError).toBe(true);
    expect((foreign.structuredContent as any).error.code).toBe("not_found");
    await stranger.close();

    const discover = {
      jsonrpc: "2.0",
      id: 9,
      method: "server/discover",
      params: {
        _meta: {
          "io.modelcontextprotocol/protocolVersion": MODERN,
          "io.modelcontextprotocol/clientCapabilities": {},
          "io.modelcontextprotocol/clientInfo": { name: "raw", version: "1" },
        },
      },
    };
    const anonymous = await rawMcp(discover, {
      headers: { "mcp-protocol-version": MODERN, "mcp-method": "server/discover" },
    });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(
      /^Bearer realm="keyway", scope="execute:mcp read:tasks write:tasks read:context write:context read:agents write:agents", resource_metadata=/,
    );

    // Each 2026 request counts once against the limit, like a 2025 one.
    const limited = await createApiToken(user, { rateLimitPerHour: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      const answer = await rawMcp(discover, {
        token: limited.token,
        headers: { "mcp-protocol-version": MODERN, "mcp-method": "server/discover" },
      });
      statuses.push(answer.status);
      if (answer.status === 200) expect(answer.json.result.supportedVersions).toContain(MODERN);
    }
    expect(statuses).toEqual([200, 200, 429]);
  });
});
