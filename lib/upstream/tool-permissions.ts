import { z } from "zod";

// Per-tool permissions at an organization's upstream MCP server: a token (or an app's grant) may
// be narrowed to named tools, and owners may limit which tools members may grant. The decision at
// request time reads only the token's own list (lib/mcp/gate.ts); the members' limit is applied
// whenever a token is issued (every path goes through issueToken) and to the live tokens of members
// when an owner changes it, so a token's list is always within its holder's limit.

/** MCP tool names (2025-11-25: 1-128 of A-Z a-z 0-9 _ - . and /). */
export const TOOL_NAME = /^[A-Za-z0-9_./-]{1,128}$/;

export const toolListSchema = z
  .array(z.string().trim().regex(TOOL_NAME, "must be an MCP tool name (letters, digits, _ - . /; 1-128)"))
  .min(1, "name at least one tool")
  .max(200)
  .transform((tools) => [...new Set(tools)].sort());

/** A stored list (space-separated) as tool names; null (every tool) stays null. */
export const storedTools = (stored: string | null): string[] | null =>
  stored === null ? null : stored.split(" ").filter(Boolean);

/**
 * The tools a token may call, given what was asked (null: every tool) and the holder's limit
 * (null: none, as for owners and admins): what was asked when within the limit, the limit when
 * nothing narrower was asked; `outside` names what was asked beyond it.
 */
export function toolsWithin(
  asked: readonly string[] | null,
  limit: readonly string[] | null,
): { tools: string[] | null } | { outside: string[] } {
  if (limit === null) return { tools: asked && [...asked] };
  if (asked === null) return { tools: [...limit] };
  const outside = asked.filter((tool) => !limit.includes(tool));
  return outside.length ? { outside } : { tools: [...asked] };
}

/** A live token's list after its holder's limit changed: narrowed to it, never widened. */
export function narrowedTo(current: readonly string[] | null, limit: readonly string[]): string[] {
  return current === null ? [...limit] : current.filter((tool) => limit.includes(tool));
}
