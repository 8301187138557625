import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type CallToolResult,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { ApiError } from "../api/errors";
import { hasScope } from "../tokens/scopes";
import type { ToolContext, ToolDefinition } from "./tool";
import { agentTools } from "./tools/agents";
import { contextTools } from "./tools/context";
import { KEYWAY_VERSION, systemTools } from "./tools/system";
import { taskTools } from "./tools/tasks";

export type ToolOutcome = "succeeded" | "error" | "denied";

export type McpRequestContext = ToolContext & { onToolCall: (tool: string, outcome: ToolOutcome) => void };

export const TOOLS: readonly ToolDefinition[] = [...taskTools, ...contextTools, ...agentTools, ...systemTools];
const TOOLS_BY_NAME = new Map(TOOLS.map((tool) => [tool.name, tool]));

// The SDK builds a server per request in stateless mode; the tool list and its JSON Schemas are
// computed once here, so each request only filters them.
const INPUT_VALIDATORS = new Map(TOOLS.map((tool) => [tool.name, z.strictObject(tool.input)]));
const LISTED_TOOLS: Tool[] = TOOLS.map((tool) => {
  const { $schema: _ignored, ...inputSchema } = z.toJSONSchema(INPUT_VALIDATORS.get(tool.name)!, { io: "input" });
  return {
    name: tool.name,
    title: tool.title,
    description: `${tool.description} Requires: ${tool.scopes.length ? tool.scopes.join(", ") : "any valid token"}.`,
    inputSchema: inputSchema as Tool["inputSchema"],
    annotations: {
      title: tool.title,
      readOnlyHint: tool.readOnly,
      destructiveHint: tool.name.startsWith("delete_"),
      openWorldHint: false,
    },
    _meta: { "keyway/scopes": tool.scopes },
  };
});

function missingScopes(context: ToolContext, tool: ToolDefinition) {
  return tool.scopes.filter((scope) => !hasScope(context.principal, scope));
}

function textResult(structured: Record<string, unknown>, isError = false): CallToolResult {
  return {
    content: [{ type: "text", text: JSON.stringify(structured, null, 2) }],
    structuredContent: structured,
    ...(isError && { isError }),
  };
}

function errorResult(code: string, message: string, extra: Record<string, unknown> = {}): CallToolResult {
  return { ...textResult({ error: { code, message, ...extra } }, true), content: [{ type: "text", text: message }] };
}

async function callTool(context: McpRequestContext, name: string, rawArgs: unknown): Promise<CallToolResult> {
  const tool = TOOLS_BY_NAME.get(name);
  if (!tool) {
    context.onToolCall("tools/call:unknown", "error");
    throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${name}`);
  }
  const missing = missingScopes(context, tool);
  if (missing.length) {
    context.onToolCall(name, "denied");
    return errorResult(
      "insufficient_scope",
      `Permission denied: ${name} requires the ${missing.join(" and ")} scope, which this token does not have.`,
      {
        requiredScopes: missing,
      },
    );
  }
  const parsed = INPUT_VALIDATORS.get(name)!.safeParse(rawArgs ?? {});
  if (!parsed.success) {
    context.onToolCall(name, "error");
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    return errorResult(
      "invalid_arguments",
      `Invalid arguments for ${name}: ${where}${issue?.message ?? "invalid input"}`,
    );
  }
  try {
    const result = await tool.run(context, parsed.data);
    context.onToolCall(name, "succeeded");
    return textResult(result);
  } catch (error) {
    context.onToolCall(name, "error");
    if (error instanceof ApiError) return errorResult(error.code, error.message);
    console.error(`[mcp] tool ${name} failed:`, error instanceof Error ? error.stack : error);
    return errorResult("internal_error", `${name} failed on the server; try again.`);
  }
}

// The SDK would build a new Ajv instance for every server (that is, every request); one shared
// validator does the same job. Measured: it was the largest single cost of a request.
const SHARED_VALIDATOR = new AjvJsonSchemaValidator();

/** A fresh MCP server for one request, showing only the tools the caller may call. */
export function createMcpServer(context: McpRequestContext): Server {
  const server = new Server(
    { name: "keyway", title: "Keyway", version: KEYWAY_VERSION },
    {
      capabilities: { tools: { listChanged: false } },
      instructions: "Tasks, context documents and agents of your organization. Each tool lists the scope it needs.",
      jsonSchemaValidator: SHARED_VALIDATOR,
    },
  );
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: LISTED_TOOLS.filter((listed) => missingScopes(context, TOOLS_BY_NAME.get(listed.name)!).length === 0),
  }));
  server.setRequestHandler(CallToolRequestSchema, (request) =>
    callTool(context, request.params.name, request.params.arguments),
  );
  return server;
}
