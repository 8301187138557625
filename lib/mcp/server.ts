import {
  ProtocolError,
  ProtocolErrorCode,
  Server,
  type AuthInfo,
  type CallToolResult,
  type Tool,
} from "@modelcontextprotocol/server";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/server/validators/ajv";
import { z } from "zod";
import { asDomainError } from "../api/errors";
import { isUnavailable } from "../db/errors";
import { DomainError } from "../errors";
import { log } from "../log";
import { hasScope, type Scope } from "../scopes";
import type { ToolContext, ToolDefinition } from "./tool";
import { agentTools } from "./tools/agents";
import { contextTools } from "./tools/context";
import { KEYWAY_VERSION } from "../health";
import { systemTools } from "./tools/system";
import { taskTools } from "./tools/tasks";

export type ToolOutcome = "succeeded" | "error" | "denied";

/** A `tools/call` the caller's scopes do not allow: the tool, the scopes it lacks, and the sentence that names them. */
export type ScopeRefusal = { tool: string; missing: Scope[]; message: string };

/**
 * What one message acts with: the caller as admitted for that message, where its outcome goes,
 * and the scope refusals the gate decided for the request's calls (by JSON-RPC id).
 */
export type CallerContext = ToolContext & {
  /** `reason`: why a call that did not succeed failed, in the words its caller got. */
  onToolCall: (tool: string, outcome: ToolOutcome, requestId: string | number, reason?: string) => void;
  refusalOf: (requestId: string | number) => ScopeRefusal | undefined;
};

function contextOf(authInfo: AuthInfo | undefined): CallerContext {
  const context = authInfo?.extra?.keyway as CallerContext | undefined;
  if (!context)
    throw new ProtocolError(ProtocolErrorCode.InternalError, "Message reached the server without its caller.");
  return context;
}

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

function missingScopes(principal: ToolContext["principal"], tool: ToolDefinition) {
  return tool.scopes.filter((scope) => !hasScope(principal, scope));
}

/** Why the caller may not call tool `name`, or null (also for an unknown tool, which callTool answers). */
export function toolScopeRefusal(principal: ToolContext["principal"], name: string): ScopeRefusal | null {
  const tool = TOOLS_BY_NAME.get(name);
  const missing = tool ? missingScopes(principal, tool) : [];
  if (!tool || !missing.length) return null;
  return {
    tool: tool.name,
    missing,
    message: `Permission denied: ${tool.name} requires the ${missing.join(" and ")} scope, which this token does not have.`,
  };
}

function textResult(structured: Record<string, unknown>, isError = false): CallToolResult {
  return {
    // Compact: indentation grows with the square of the depth (a deep document once rendered as 30 MB).
    content: [{ type: "text", text: JSON.stringify(structured) }],
    structuredContent: structured,
    ...(isError && { isError }),
  };
}

function errorResult(code: string, message: string, extra: Record<string, unknown> = {}): CallToolResult {
  return { ...textResult({ error: { code, message, ...extra } }, true), content: [{ type: "text", text: message }] };
}

async function callTool(
  { onToolCall, refusalOf, ...context }: CallerContext,
  requestId: string | number,
  name: string,
  rawArgs: unknown,
): Promise<CallToolResult> {
  const record = (tool: string, outcome: ToolOutcome, reason?: string) => onToolCall(tool, outcome, requestId, reason);
  const tool = TOOLS_BY_NAME.get(name);
  if (!tool) {
    const message = `Unknown tool: ${name}`;
    record("tools/call:unknown", "error", message);
    throw new ProtocolError(ProtocolErrorCode.InvalidParams, message);
  }
  // Decided by the gate; only a batch's calls get here refused (a single call is answered 403).
  const refusal = refusalOf(requestId);
  if (refusal) {
    record(name, "denied", refusal.message);
    return errorResult("insufficient_scope", refusal.message, { requiredScopes: refusal.missing });
  }
  const parsed = INPUT_VALIDATORS.get(name)!.safeParse(rawArgs ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
    const message = `Invalid arguments for ${name}: ${where}${issue?.message ?? "invalid input"}`;
    record(name, "error", message);
    return errorResult("invalid_arguments", message);
  }
  try {
    const result = await tool.run(context, parsed.data);
    record(name, "succeeded");
    return textResult(result);
  } catch (error) {
    // A slow or gone store is a clear, retryable answer, not a failure of the tool.
    if (error instanceof DomainError || isUnavailable(error)) {
      const known = asDomainError(error);
      record(name, "error", known.message);
      const retryAfterSeconds = known.details.retryAfterSeconds;
      return errorResult(known.code, known.message, retryAfterSeconds ? { retryAfterSeconds } : {});
    }
    const message = `${name} failed on the server; try again.`;
    record(name, "error", message);
    log("error", "mcp.tool_failed", { tool: name, error: error instanceof Error ? error.stack : String(error) });
    return errorResult("internal_error", message);
  }
}

// The SDK would build a new Ajv instance for every server (that is, every request); one shared
// validator does the same job. Measured: it was the largest single cost of a request.
const SHARED_VALIDATOR = new AjvJsonSchemaValidator();

/** An MCP server whose handlers act for each message's caller (`callerAuthInfo` in ./gate.ts). */
export function createMcpServer(): Server {
  const server = new Server(
    { name: "keyway", title: "Keyway", version: KEYWAY_VERSION },
    {
      capabilities: { tools: { listChanged: false } },
      instructions: "Tasks, context documents and agents of your organization. Each tool lists the scope it needs.",
      jsonSchemaValidator: SHARED_VALIDATOR,
      // The tool list depends on the caller's scopes, which may narrow at any time: never shared, never reused.
      cacheHints: { "tools/list": { ttlMs: 0, cacheScope: "private" } },
    },
  );
  server.setRequestHandler("tools/list", async (_request, ctx) => {
    const context = contextOf(ctx.http?.authInfo);
    return {
      tools: LISTED_TOOLS.filter(
        (listed) => missingScopes(context.principal, TOOLS_BY_NAME.get(listed.name)!).length === 0,
      ),
    };
  });
  server.setRequestHandler("tools/call", (request, ctx) =>
    callTool(contextOf(ctx.http?.authInfo), ctx.mcpReq.id, request.params.name, request.params.arguments),
  );
  return server;
}
