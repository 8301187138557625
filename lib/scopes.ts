// The scopes a token can be granted, with what the UI and the OpenAPI document say of them.
export const SCOPES = [
  "execute:mcp",
  "read:tasks",
  "write:tasks",
  "read:context",
  "write:context",
  "read:agents",
  "write:agents",
] as const;

export type Scope = (typeof SCOPES)[number];

export const PERMISSIONS = ["mcp:access", "mcp:read", "mcp:write", "mcp:execute", "mcp:admin"] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const SCOPE_INFO: Record<Scope, { description: string; permission: Permission }> = {
  "execute:mcp": { description: "Execute MCP commands", permission: "mcp:execute" },
  "read:tasks": { description: "Read task data", permission: "mcp:read" },
  "write:tasks": { description: "Create/modify tasks", permission: "mcp:write" },
  "read:context": { description: "Read context data", permission: "mcp:read" },
  "write:context": { description: "Modify context data", permission: "mcp:write" },
  "read:agents": { description: "View agent configurations", permission: "mcp:read" },
  "write:agents": { description: "Configure agents", permission: "mcp:write" },
};

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** Scopes with what they imply (`write:X` includes `read:X`), de-duplicated in canonical order. */
export function expandScopes(scopes: Iterable<string>): Scope[] {
  const granted = new Set<string>();
  for (const scope of scopes) {
    if (!isScope(scope)) continue;
    granted.add(scope);
    if (scope.startsWith("write:")) granted.add(scope.replace("write:", "read:"));
  }
  return SCOPES.filter((scope) => granted.has(scope));
}

/** Scopes as granted, without the implied ones, de-duplicated in canonical order (what is stored). */
export function normalizeScopes(scopes: Iterable<string>): Scope[] {
  const granted = new Set(scopes);
  return SCOPES.filter((scope) => granted.has(scope));
}

/** Coarse MCP permissions of a scope set. `mcp:admin` comes from the user, never from a scope. */
export function permissionsFor(scopes: Iterable<string>, admin = false): Permission[] {
  const granted = new Set<Permission>(["mcp:access"]);
  for (const scope of expandScopes(scopes)) granted.add(SCOPE_INFO[scope].permission);
  if (admin) for (const permission of PERMISSIONS) granted.add(permission);
  return PERMISSIONS.filter((permission) => granted.has(permission));
}

/** Whether a principal holding `held` may act with `needed` (admins may do everything in their org). */
export function hasScope(held: { scopes: readonly string[]; permissions: readonly string[] }, needed: Scope) {
  return held.permissions.includes("mcp:admin") || expandScopes(held.scopes).includes(needed);
}

// The resource scopes as people choose them: per resource, nothing, read, or read and write.
export const RESOURCES = [
  { id: "tasks", label: "Tasks" },
  { id: "context", label: "Context" },
  { id: "agents", label: "Agents" },
] as const;
export type Resource = (typeof RESOURCES)[number]["id"];
export type AccessLevel = "none" | "read" | "write";

/** The scopes a choice of levels grants: `execute:mcp` and, per resource, `read:X` or `write:X`. */
export function scopesForLevels(levels: Record<Resource, AccessLevel>): Scope[] {
  const chosen = RESOURCES.flatMap(({ id }) => (levels[id] === "none" ? [] : [`${levels[id]}:${id}`]));
  return normalizeScopes(["execute:mcp", ...chosen]);
}

/** The level a scope set holds on each resource: the inverse of `scopesForLevels`. */
export function levelsOf(scopes: Iterable<string>): Record<Resource, AccessLevel> {
  const held = [...scopes];
  return Object.fromEntries(RESOURCES.map(({ id }) => [id, levelOf(held, id)])) as Record<Resource, AccessLevel>;
}

/** The level a scope set holds on a resource (write implies read). */
export function levelOf(scopes: Iterable<string>, resource: Resource): AccessLevel {
  const held = expandScopes(scopes);
  if (held.includes(`write:${resource}` as Scope)) return "write";
  return held.includes(`read:${resource}` as Scope) ? "read" : "none";
}
