import { request as httpRequest } from "node:http";
import { beforeAll, describe, expect, it } from "vitest";
import { api, baseUrl, createUser, type TestUser } from "../helpers/api";
import { resign } from "../helpers/forge";
import { callTool, connectLegacySse, connectMcp, initializeMessage, rawMcp, toolCall } from "../helpers/mcp";
import { createApiToken, waitForUsage } from "../helpers/tokens";
import type { Scope } from "../../lib/scopes";

const ALL_SCOPES = ["execute:mcp", "write:tasks", "write:context", "write:agents"] as const satisfies Scope[];
const ALL_TOOLS = [
  "list_tasks",
  "get_task",
  "create_task",
  "update_task",
  "complete_task",
  "delete_task",
  "get_context",
  "update_context",
  "list_agents",
  "get_agent",
  "register_agent",
  "update_agent",
  "assign_agent",
  "health_check",
  "whoami",
];

let owner: TestUser;
let full: { id: string; token: string };

beforeAll(async () => {
  owner = await createUser({ organization: "Acme" });
  full = await createApiToken(owner, { scopes: ALL_SCOPES });
});

describe("the MCP endpoint with the SDK client", () => {
  it("initializes, announces tools, and lists every tool for a token with every scope", async () => {
    const client = await connectMcp(full.token);
    expect(client.getServerVersion()).toMatchObject({ name: "keyway" });
    expect(client.getServerCapabilities()).toMatchObject({ tools: {} });
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([...ALL_TOOLS].sort());
    const create = tools.find((t) => t.name === "create_task")!;
    expect(create.description).toContain("Requires: write:tasks");
    expect(create.inputSchema).toMatchObject({ type: "object", required: ["title"] });
    await client.close();
  });

  it("lists only the tools a token may call", async () => {
    const { token } = await createApiToken(owner, { scopes: ["execute:mcp", "read:tasks"] });
    const client = await connectMcp(token);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(["get_task", "health_check", "list_tasks", "whoami"]);
    await client.close();
  });

  it("runs the task tools end to end with structured results", async () => {
    const client = await connectMcp(full.token);
    const created = await callTool(client, "create_task", {
      title: "Write docs",
      priority: "high",
      description: "All of them",
    });
    expect(created.isError).toBeUndefined();
    const task = created.structuredContent.task;
    expect(task).toMatchObject({
      title: "Write docs",
      priority: "high",
      status: "todo",
      description: "All of them",
      createdByUserId: owner.userId,
    });
    expect(JSON.parse(created.content[0]!.text!)).toEqual(created.structuredContent);

    expect((await callTool(client, "get_task", { id: task.id })).structuredContent.task.id).toBe(task.id);
    const updated = await callTool(client, "update_task", { id: task.id, status: "blocked", title: "Write the docs" });
    expect(updated.structuredContent.task).toMatchObject({ status: "blocked", title: "Write the docs" });
    const listed = await callTool(client, "list_tasks", { status: "blocked" });
    expect(listed.structuredContent.tasks.map((t: { id: string }) => t.id)).toContain(task.id);
    const done = await callTool(client, "complete_task", { id: task.id });
    expect(done.structuredContent.task.status).toBe("done");
    expect(done.structuredContent.task.completedAt).not.toBeNull();
    const deleted = await callTool(client, "delete_task", { id: task.id });
    expect(deleted.structuredContent).toMatchObject({ deleted: true, task: { id: task.id } });
    const gone = await callTool(client, "get_task", { id: task.id });
    expect(gone.isError).toBe(true);
    expect(gone.content[0]!.text).toBe(`No task with id "${task.id}" in this organization.`);
    await client.close();
  });

  it("pages through tasks with a cursor", async () => {
    const user = await createUser();
    const { token } = await createApiToken(user, { scopes: ["execute:mcp", "write:tasks"] });
    const client = await connectMcp(token);
    for (const title of ["a", "b", "c"]) await callTool(client, "create_task", { title });
    const first = await callTool(client, "list_tasks", { limit: 2 });
    expect(first.structuredContent.tasks.map((t: { title: string }) => t.title)).toEqual(["c", "b"]);
    const second = await callTool(client, "list_tasks", { limit: 2, cursor: first.structuredContent.nextCursor });
    expect(second.structuredContent).toMatchObject({ tasks: [{ title: "a" }], nextCursor: null });
    await client.close();
  });

  it("runs the agent and context tools, including assignment and deep merge", async () => {
    const client = await connectMcp(full.token);
    const agent = (await callTool(client, "register_agent", { name: `builder-${Date.now()}`, capabilities: ["code"] }))
      .structuredContent.agent;
    expect(agent).toMatchObject({ capabilities: ["code"], description: null });
    const duplicate = await callTool(client, "register_agent", { name: agent.name });
    expect(duplicate).toMatchObject({ isError: true, structuredContent: { error: { code: "conflict" } } });
    const renamed = await callTool(client, "update_agent", {
      id: agent.id,
      description: "Builds things",
      capabilities: ["code", "review"],
    });
    expect(renamed.structuredContent.agent).toMatchObject({
      description: "Builds things",
      capabilities: ["code", "review"],
    });
    expect((await callTool(client, "list_agents")).structuredContent.agents.map((a: { id: string }) => a.id)).toContain(
      agent.id,
    );

    const task = (await callTool(client, "create_task", { title: "Assign me" })).structuredContent.task;
    const assigned = await callTool(client, "assign_agent", { agentId: agent.id, taskId: task.id });
    expect(assigned.structuredContent.task.assigneeAgentId).toBe(agent.id);
    const withTasks = await callTool(client, "get_agent", { id: agent.id });
    expect(withTasks.structuredContent.agent.assignedTasks.map((t: { id: string }) => t.id)).toEqual([task.id]);
    const filtered = await callTool(client, "list_tasks", { assigneeAgentId: agent.id });
    expect(filtered.structuredContent.tasks.map((t: { id: string }) => t.id)).toEqual([task.id]);

    expect((await callTool(client, "get_context", { level: "task", id: task.id })).structuredContent).toEqual({
      level: "task",
      id: task.id,
      data: {},
      updatedAt: null,
    });
    await callTool(client, "update_context", { level: "task", id: task.id, data: { a: { b: 1, c: 2 }, list: [1, 2] } });
    const merged = await callTool(client, "update_context", {
      level: "task",
      id: task.id,
      data: { a: { c: 3, d: 4 }, list: [3], gone: null },
      merge: true,
    });
    expect(merged.structuredContent.data).toEqual({ a: { b: 1, c: 3, d: 4 }, list: [3] });
    const replaced = await callTool(client, "update_context", { level: "task", id: task.id, data: { only: true } });
    expect(replaced.structuredContent.data).toEqual({ only: true });

    await callTool(client, "update_context", { level: "organization", data: { style: "terse" } });
    expect((await callTool(client, "get_context", { level: "organization" })).structuredContent).toMatchObject({
      id: owner.orgId,
      data: { style: "terse" },
    });
    await callTool(client, "update_context", { level: "agent", id: agent.id, data: { model: "x" } });
    expect((await callTool(client, "get_context", { level: "agent", id: agent.id })).structuredContent.data).toEqual({
      model: "x",
    });
    const missingId = await callTool(client, "get_context", { level: "task" });
    expect(missingId.content[0]!.text).toBe("id is required for level task.");
    await client.close();
  });

  it("answers health_check and whoami with the caller's context", async () => {
    const client = await connectMcp(full.token);
    expect((await callTool(client, "health_check")).structuredContent).toMatchObject({ status: "ok", database: "ok" });
    const me = (await callTool(client, "whoami")).structuredContent;
    expect(me).toMatchObject({
      user: { id: owner.userId, email: owner.email },
      organization: { id: owner.orgId, name: "Acme" },
      tokenId: full.id,
      scopes: ["execute:mcp", "write:tasks", "write:context", "write:agents"],
      permissions: ["mcp:access", "mcp:read", "mcp:write", "mcp:execute"],
      rateLimit: { limit: 1000, remaining: expect.any(Number), resetAt: expect.any(String) },
    });
    expect(JSON.stringify(me)).not.toContain(full.token);
    await client.close();
  });

  it("turns invalid arguments into tool errors, and unknown tools into protocol errors", async () => {
    const client = await connectMcp(full.token);
    const bad = await callTool(client, "create_task", { title: "", priority: "whenever" });
    expect(bad.isError).toBe(true);
    expect(bad.content[0]!.text).toBe("Invalid arguments for create_task: title: must not be empty");
    const extra = await callTool(client, "get_task", { id: "x", sql: "drop" });
    expect(extra.content[0]!.text).toBe('Invalid arguments for get_task: Unrecognized key: "sql"');
    const nul = await callTool(client, "create_task", { title: "a\u0000b" });
    expect(nul.content[0]!.text).toBe("Invalid arguments for create_task: title: must not contain NUL characters");
    await expect(callTool(client, "rm_rf")).rejects.toThrow(/Unknown tool: rm_rf/);
    await client.close();
  });
});

describe("scopes", () => {
  // Decided (docs/architecture.md, "Scopes and step-up"): a refused tools/call is HTTP 403 with an
  // insufficient_scope challenge naming only what the call lacks (the client adds it to what it
  // holds), and a JSON-RPC error naming it, which a client holding a pasted token shows as it is.
  it("refuses a call without the scope with 403 and a step-up challenge, naming the scope, and counts a denial", async () => {
    const user = await createUser();
    const reader = await createApiToken(user, { scopes: ["execute:mcp", "read:tasks"] });
    const message = "Permission denied: create_task requires the write:tasks scope, which this token does not have.";

    const client = await connectMcp(reader.token);
    await expect(callTool(client, "create_task", { title: "nope" })).rejects.toThrow(message);
    await client.close();

    const raw = await rawMcp(toolCall("create_task", { title: "nope" }, 7), { token: reader.token });
    expect(raw.status).toBe(403);
    expect(raw.headers.get("www-authenticate")).toBe(
      `Bearer realm="keyway", error="insufficient_scope", error_description="${message}", scope="write:tasks", resource_metadata="${baseUrl()}/.well-known/oauth-protected-resource/mcp"`,
    );
    expect(raw.json).toEqual({
      jsonrpc: "2.0",
      id: 7,
      error: { code: -32003, message, data: { requiredScopes: ["write:tasks"] } },
    });
    const assign = await rawMcp(toolCall("assign_agent", { agentId: "a", taskId: "b" }), { token: reader.token });
    expect(assign.json.error.data.requiredScopes).toEqual(["write:agents", "write:tasks"]);
    expect(assign.headers.get("www-authenticate")).toContain('scope="write:agents write:tasks"');

    // Inside a batch (2025-03-26) the call is answered by the tool itself, with the same sentence.
    const batch = await rawMcp([toolCall("create_task", { title: "nope" }, 8)], { token: reader.token });
    expect(batch.status).toBe(200);
    expect(batch.json[0].result).toMatchObject({
      isError: true,
      structuredContent: { error: { code: "insufficient_scope", message, requiredScopes: ["write:tasks"] } },
    });

    const usage = await waitForUsage(user, reader.id, (u) => u.totals.denied === 4);
    expect(usage.byTool.find((t: { tool: string }) => t.tool === "create_task")).toMatchObject({
      requests: 3,
      denied: 3,
      succeeded: 0,
    });
  });

  it("lets a write scope read", async () => {
    const user = await createUser();
    const { token } = await createApiToken(user, { scopes: ["execute:mcp", "write:context"] });
    const client = await connectMcp(token);
    expect((await callTool(client, "get_context", { level: "organization" })).isError).toBeUndefined();
    await client.close();
  });

  it("grants every tool to an mcp:admin, still inside the admin's organization", async () => {
    const { execFile } = await import("node:child_process");
    const { promisify } = await import("node:util");
    const admin = await createUser();
    const { token } = await createApiToken(admin, { scopes: ["execute:mcp"] });
    // Not execFileSync: a blocked event loop cannot notice the server closing an idle keep-alive
    // connection, and the next request then went out on the dead socket ("other side closed").
    await promisify(execFile)("npx", ["tsx", "scripts/admin-grant.ts", admin.email], {
      env: {
        ...process.env,
        DATABASE_URL: (await import("vitest")).inject("databaseUrl"),
        JWT_SECRET_KEY: "x".repeat(32),
        AUTH_SECRET: "x".repeat(32),
      },
    });
    const client = await connectMcp(token);
    expect((await client.listTools()).tools).toHaveLength(ALL_TOOLS.length);
    const created = await callTool(client, "create_task", { title: "as admin" });
    expect(created.structuredContent.task.title).toBe("as admin");
    const foreign = (await callTool(await connectMcp(full.token), "create_task", { title: "acme only" }))
      .structuredContent.task;
    expect((await callTool(client, "get_task", { id: foreign.id })).isError).toBe(true);
    expect((await callTool(client, "whoami")).structuredContent.permissions).toContain("mcp:admin");
    await client.close();
    const audit = await api("/api/v2/audit", { token: admin.accessToken });
    expect(audit.body.events[0]).toMatchObject({ action: "admin.granted", targetId: admin.userId, actorUserId: null });
  });
});

describe("organization isolation", () => {
  it("never lets another organization's token read or change this organization's data", async () => {
    const acme = await connectMcp(full.token);
    const task = (await callTool(acme, "create_task", { title: "secret plan" })).structuredContent.task;
    const agent = (await callTool(acme, "register_agent", { name: `spy-${Date.now()}` })).structuredContent.agent;
    await callTool(acme, "update_context", { level: "task", id: task.id, data: { secret: 42 } });

    const intruder = await createUser({ organization: "Intruders" });
    const other = await createApiToken(intruder, { scopes: ALL_SCOPES });
    const client = await connectMcp(other.token);
    const ownTask = (await callTool(client, "create_task", { title: "mine" })).structuredContent.task;
    const attempts: [string, Record<string, unknown>][] = [
      ["get_task", { id: task.id }],
      ["update_task", { id: task.id, title: "pwned" }],
      ["complete_task", { id: task.id }],
      ["delete_task", { id: task.id }],
      ["get_context", { level: "task", id: task.id }],
      ["update_context", { level: "task", id: task.id, data: { secret: 0 } }],
      ["get_context", { level: "organization", id: owner.orgId }],
      ["update_context", { level: "organization", id: owner.orgId, data: {} }],
      ["get_agent", { id: agent.id }],
      ["update_agent", { id: agent.id, name: "pwned" }],
      ["get_context", { level: "agent", id: agent.id }],
      ["assign_agent", { agentId: agent.id, taskId: ownTask.id }],
      ["assign_agent", { agentId: "x", taskId: task.id }],
      ["list_tasks", { cursor: task.id }],
    ];
    for (const [name, args] of attempts) {
      const result = await callTool(client, name, args);
      expect([name, result.isError]).toEqual([name, true]);
    }
    const listed = await callTool(client, "list_tasks", {});
    expect(listed.structuredContent.tasks.map((t: { id: string }) => t.id)).toEqual([ownTask.id]);
    expect((await callTool(client, "list_agents")).structuredContent.agents).toEqual([]);

    const after = await callTool(acme, "get_task", { id: task.id });
    expect(after.structuredContent.task).toMatchObject({ title: "secret plan", status: "todo" });
    expect((await callTool(acme, "get_context", { level: "task", id: task.id })).structuredContent.data).toEqual({
      secret: 42,
    });
    expect((await callTool(acme, "get_agent", { id: agent.id })).structuredContent.agent.name).toBe(agent.name);
    await Promise.all([client.close(), acme.close()]);
  });
});

describe("resource-server errors", () => {
  it("asks for a token with 401 and a challenge naming the resource metadata", async () => {
    const response = await rawMcp(initializeMessage);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe(
      `Bearer realm="keyway", scope="execute:mcp read:tasks write:tasks read:context write:context read:agents write:agents", resource_metadata="${baseUrl()}/.well-known/oauth-protected-resource/mcp"`,
    );
    expect(response.json).toEqual({
      error: { code: "unauthorized", message: "Authentication required: send Authorization: Bearer <token>." },
    });
  });

  it("refuses a bad token with 401 invalid_token", async () => {
    const response = await rawMcp(initializeMessage, { token: full.token.slice(0, -4) });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain(
      'error="invalid_token", error_description="Invalid token: signature verification failed"',
    );
  });

  it("refuses a token without the required scope with 403 insufficient_scope", async () => {
    const { token } = await createApiToken(owner, { scopes: ["read:tasks"] });
    const response = await rawMcp(initializeMessage, { token });
    expect(response.status).toBe(403);
    expect(response.headers.get("www-authenticate")).toBe(
      `Bearer realm="keyway", error="insufficient_scope", error_description="The token lacks the required scope: execute:mcp", scope="execute:mcp", resource_metadata="${baseUrl()}/.well-known/oauth-protected-resource/mcp"`,
    );
    expect(response.json).toEqual({
      error: { code: "insufficient_scope", message: "The token lacks the required scope: execute:mcp" },
    });
  });

  it("answers an expired token without the scope with 401, not 403", async () => {
    const { token } = await createApiToken(owner, { scopes: ["read:tasks"] });
    const response = await rawMcp(initializeMessage, {
      token: await resign(token, { exp: Math.floor(Date.now() / 1000) - 3600 }),
    });
    expect(response.status).toBe(401);
    expect(response.json.error.message).toBe("Token has expired");
  });

  it("refuses a user access token", async () => {
    const response = await rawMcp(initializeMessage, { token: owner.accessToken });
    expect(response.status).toBe(401);
    expect(response.json.error.code).toBe("invalid_token");
  });

  it("sees a revocation on the very next request", async () => {
    const { id, token } = await createApiToken(owner);
    expect((await rawMcp(initializeMessage, { token })).status).toBe(200);
    await api(`/api/v2/tokens/${id}`, { method: "DELETE", token: owner.accessToken });
    const response = await rawMcp(initializeMessage, { token });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain('error_description="Token has been revoked"');
  });

  it("answers malformed JSON with a JSON-RPC parse error and an oversize body with 413", async () => {
    const malformed = await rawMcp("{not json", { token: full.token });
    expect(malformed.status).toBe(400);
    expect(malformed.json).toEqual({
      jsonrpc: "2.0",
      id: null,
      error: { code: -32700, message: "The request body is not valid JSON." },
    });
    const big = await rawMcp(JSON.stringify({ ...toolCall("create_task", { title: "x".repeat(1_100_000) }) }), {
      token: full.token,
    });
    expect(big.status).toBe(413);
    expect(big.json.error.code).toBe(-32600);
  });

  it("answers GET with 405 in stateless mode", async () => {
    const response = await rawMcp(undefined, { token: full.token, method: "GET" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST, OPTIONS");
  });
});

describe("rate limits", () => {
  it("admits exactly N concurrent requests for a limit of N, with RateLimit-* and Retry-After", async () => {
    const user = await createUser();
    const limited = await createApiToken(user, { rateLimitPerHour: 5 });
    const responses = await Promise.all(
      Array.from({ length: 25 }, () => rawMcp(initializeMessage, { token: limited.token })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
    const ok = responses.find((r) => r.status === 200)!;
    expect(ok.headers.get("ratelimit-limit")).toBe("5");
    expect(Number(ok.headers.get("ratelimit-remaining"))).toBeLessThan(5);
    const refused = responses.find((r) => r.status === 429)!;
    expect(refused.headers.get("ratelimit-remaining")).toBe("0");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(3500);
    expect(refused.headers.get("retry-after")).toBe(refused.headers.get("ratelimit-reset"));
    expect(refused.json.error.code).toBe("rate_limited");

    const usage = await waitForUsage(user, limited.id, (u) => u.totals.requests === 25);
    expect(usage.totals).toEqual({ requests: 25, succeeded: 5, errors: 0, denied: 0, rateLimited: 20 });
  });

  it("applies a lowered limit on the next request", async () => {
    const user = await createUser();
    const { id, token } = await createApiToken(user, { rateLimitPerHour: 100 });
    expect((await rawMcp(initializeMessage, { token })).status).toBe(200);
    await api(`/api/v2/tokens/${id}`, { method: "PATCH", token: user.accessToken, body: { rateLimitPerHour: 1 } });
    expect((await rawMcp(initializeMessage, { token })).status).toBe(429);
  });
});

describe("usage", () => {
  it("adds up a known number of calls by tool and outcome, and sets lastUsedAt", async () => {
    const user = await createUser();
    const created = await createApiToken(user, { scopes: ["execute:mcp", "read:tasks"] });
    // Connecting is three requests: initialize, notifications/initialized, and the GET for a
    // notification stream that a stateless server answers with 405. Only initialize is a call:
    // the notification and the transport's probe are not counted, as calls or as errors.
    const client = await connectMcp(created.token);
    for (let i = 0; i < 3; i++) await callTool(client, "list_tasks");
    await callTool(client, "get_task", { id: "missing" });
    await expect(callTool(client, "create_task", { title: "denied" })).rejects.toThrow(/write:tasks/);
    await client.close();
    const usage = await waitForUsage(user, created.id, (u) => u.totals.requests === 6);
    expect(usage.totals).toEqual({ requests: 6, succeeded: 4, errors: 1, denied: 1, rateLimited: 0 });
    const byTool = Object.fromEntries(
      usage.byTool.map((t: { tool: string; requests: number }) => [t.tool, t.requests]),
    );
    expect(byTool).toEqual({
      list_tasks: 3,
      get_task: 1,
      create_task: 1,
      initialize: 1,
    });
    expect(usage.series.reduce((sum: number, bucket: { requests: number }) => sum + bucket.requests, 0)).toBe(6);

    // The per-request log has each call, newest first, with the client's name and address, paged.
    const log = await api(`/api/v2/tokens/${created.id}/requests?limit=4`, { token: user.accessToken });
    expect(log.status).toBe(200);
    expect(log.body.requests.map((entry: { tool: string; outcome: string }) => [entry.tool, entry.outcome])).toEqual([
      ["create_task", "denied"],
      ["get_task", "error"],
      ["list_tasks", "succeeded"],
      ["list_tasks", "succeeded"],
    ]);
    expect(log.body.requests[0]).toMatchObject({ clientName: "keyway-tests", clientAddress: "127.0.0.1" });
    const rest = await api(`/api/v2/tokens/${created.id}/requests?limit=4&cursor=${log.body.nextCursor}`, {
      token: user.accessToken,
    });
    expect(rest.body.requests.map((entry: { tool: string }) => entry.tool)).toEqual(["list_tasks", "initialize"]);
    expect(rest.body.nextCursor).toBeNull();
    const other = await createUser();
    expect((await api(`/api/v2/tokens/${created.id}/requests`, { token: other.accessToken })).status).toBe(404);
    expect(Date.now() - Date.parse(usage.lastUsedAt)).toBeLessThan(60_000);
    const view = await api(`/api/v2/tokens/${created.id}`, { token: user.accessToken });
    expect(view.body.lastUsedAt).toBe(usage.lastUsedAt);
  });
});

describe("compatibility paths and transports", () => {
  it("treats POST /mcp/initialize as POST /mcp", async () => {
    const response = await rawMcp(initializeMessage, { token: full.token, path: "/mcp/initialize" });
    expect(response.status).toBe(200);
    expect(response.json.result.serverInfo.name).toBe("keyway");
    const client = await connectMcp(full.token, { path: "/mcp/initialize" });
    expect((await client.listTools()).tools.length).toBe(ALL_TOOLS.length);
    await client.close();
  });

  it("serves /mcp/ like /mcp", async () => {
    const client = await connectMcp(full.token, { path: "/mcp/" });
    expect((await callTool(client, "health_check")).structuredContent.status).toBe("ok");
    await client.close();
  });

  it("answers with an SSE stream when the client prefers text/event-stream", async () => {
    const response = await rawMcp(initializeMessage, {
      token: full.token,
      headers: { accept: "text/event-stream, application/json" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    expect(response.text).toContain('"serverInfo"');
  });

  it("serves the older HTTP+SSE transport at /mcp/sse, authenticated the same way", async () => {
    const unauthenticated = await fetch(`${baseUrl()}/mcp/sse`);
    expect(unauthenticated.status).toBe(401);

    const client = await connectLegacySse(full.token);
    const { tools } = await client.listTools();
    expect(tools.length).toBe(ALL_TOOLS.length);
    const created = await callTool(client, "create_task", { title: "over SSE" });
    expect(created.structuredContent.task.title).toBe("over SSE");
    await client.close();

    const stranger = await createApiToken(await createUser(), {});
    const wrongSession = await rawMcp(toolCall("whoami"), {
      token: stranger.token,
      path: "/mcp/messages?sessionId=nope",
    });
    expect(wrongSession.status).toBe(404);
  });
});

describe("origins, CORS and metadata", () => {
  it("refuses a foreign Origin with 403 before anything else", async () => {
    const response = await rawMcp(initializeMessage, {
      token: full.token,
      headers: { origin: "https://evil.example" },
    });
    expect(response.status).toBe(403);
    expect(response.json).toEqual({
      error: { code: "forbidden", message: "Origin https://evil.example is not allowed" },
    });
  });

  it("accepts another loopback origin on a loopback server (a local page is no rebinding attack)", async () => {
    const response = await rawMcp(initializeMessage, {
      token: full.token,
      headers: { origin: "http://localhost:5173" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    const lookalike = await rawMcp(initializeMessage, {
      token: full.token,
      headers: { origin: "http://localhost.evil.example" },
    });
    expect(lookalike.status).toBe(403);
  });

  it("answers a preflight from its own origin with the MCP headers allowed", async () => {
    const response = await fetch(`${baseUrl()}/mcp`, {
      method: "OPTIONS",
      headers: {
        origin: baseUrl(),
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization",
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe(baseUrl());
    expect(response.headers.get("access-control-allow-headers")).toContain("Mcp-Protocol-Version");
    expect(response.headers.get("access-control-allow-headers")).toContain("Authorization");
  });

  it("refuses a rebinding Host on a loopback server", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${baseUrl()}/mcp`);
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: "/mcp",
          method: "POST",
          headers: {
            host: "attacker.example",
            "content-type": "application/json",
            authorization: `Bearer ${full.token}`,
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.end(JSON.stringify(initializeMessage));
    });
    expect(status).toBe(403);
  });

  it("publishes OAuth Protected Resource Metadata at both well-known paths", async () => {
    for (const path of ["/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource"]) {
      const response = await api(path);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        resource: `${baseUrl()}/mcp`,
        // Keyway's own core app is the authorization server of /mcp (issue 14).
        authorization_servers: [baseUrl()],
        scopes_supported: [
          "execute:mcp",
          "read:tasks",
          "write:tasks",
          "read:context",
          "write:context",
          "read:agents",
          "write:agents",
        ],
        bearer_methods_supported: ["header"],
        dpop_signing_alg_values_supported: ["ES256", "ES384", "ES512", "EdDSA", "PS256", "RS256"],
        dpop_bound_access_tokens_required: false,
        resource_name: "Keyway MCP",
        resource_documentation: `${baseUrl()}/docs/mcp`,
      });
    }
  });
});
