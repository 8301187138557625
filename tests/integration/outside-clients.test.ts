import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseUrl, createUser } from "../helpers/api";
import { headerProxy, runOutsideTool } from "../helpers/outside-clients";
import { createApiToken } from "../helpers/tokens";

let token: string;

beforeAll(async () => {
  const user = await createUser();
  token = (await createApiToken(user, { scopes: ["execute:mcp", "write:tasks"] })).token;
});

describe("the MCP Inspector CLI", () => {
  // `npx @modelcontextprotocol/inspector --cli <url> --transport http ...`, as users run it.
  const cli = "@modelcontextprotocol/inspector/cli/build/cli.js";
  const inspector = (args: string[], withToken = true) =>
    runOutsideTool(cli, [
      "--cli",
      `${baseUrl()}/mcp`,
      "--transport",
      "http",
      ...(withToken ? ["--header", `Authorization: Bearer ${token}`] : []),
      ...args,
    ]);

  it("lists the token's tools", async () => {
    const result = await inspector(["--method", "tools/list"]);
    expect(result.code, result.stderr).toBe(0);
    const names = JSON.parse(result.stdout)
      .tools.map((tool: { name: string }) => tool.name)
      .sort();
    expect(names).toEqual([
      "complete_task",
      "create_task",
      "delete_task",
      "get_task",
      "health_check",
      "list_tasks",
      "update_task",
      "whoami",
    ]);
  });

  it("calls a tool", async () => {
    const result = await inspector([
      "--method",
      "tools/call",
      "--tool-name",
      "create_task",
      "--tool-arg",
      "title=Filed by the Inspector",
      "priority=high",
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).structuredContent.task).toMatchObject({
      title: "Filed by the Inspector",
      priority: "high",
    });
  });

  it("is refused without a token", async () => {
    const result = await inspector(["--method", "tools/list"], false);
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/401|Unauthorized|unauthorized/);
  });
});

// The conformance suite's server scenarios that Keyway's capabilities cover. Out of scope: the
// tools-call-* scenarios (they call the suite's own fixture tools, e.g. a tool returning an image,
// which Keyway does not serve), logging, completion, sampling, elicitation, resources and prompts
// (capabilities Keyway does not announce), and the SSE polling and multiple-stream scenarios
// (stateful sessions; /mcp is stateless by design).
const SCENARIOS = ["server-initialize", "ping", "tools-list", "dns-rebinding-protection"];

describe("the MCP conformance suite", () => {
  let proxy: Awaited<ReturnType<typeof headerProxy>>;
  beforeAll(async () => {
    proxy = await headerProxy(baseUrl(), { authorization: `Bearer ${token}` });
  });
  afterAll(() => proxy?.close());

  it.each(SCENARIOS)("passes %s", async (scenario) => {
    const output = mkdtempSync(path.join(tmpdir(), "keyway-conformance-"));
    const result = await runOutsideTool("@modelcontextprotocol/conformance/dist/index.js", [
      "server",
      "--url",
      `${proxy.url}/mcp`,
      "--scenario",
      scenario,
      "-o",
      output,
    ]);
    const files = readdirSync(output, { recursive: true }).map(String);
    const details = files
      .filter((f) => f.endsWith(".json"))
      .map((f) => readFileSync(path.join(output, f), "utf8"))
      .join("\n");
    expect(result.code, `${result.stdout}\n${result.stderr}\n${details}`).toBe(0);
    expect(result.stdout).toMatch(/pass/i);
  });
});
