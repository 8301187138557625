import { describe, expect, it } from "vitest";
import { expandScopes, hasScope, normalizeScopes, permissionsFor } from "@/lib/scopes";

describe("scopes", () => {
  it("expands write:X to include read:X, in canonical order, without duplicates", () => {
    expect(expandScopes(["write:agents", "execute:mcp", "write:agents", "read:agents"])).toEqual([
      "execute:mcp",
      "read:agents",
      "write:agents",
    ]);
  });

  it("drops unknown scopes and mcp:admin when normalising", () => {
    expect(normalizeScopes(["mcp:admin", "read:tasks", "bogus", "execute:mcp"])).toEqual(["execute:mcp", "read:tasks"]);
  });

  it("maps scopes to permissions; every token has mcp:access", () => {
    expect(permissionsFor([])).toEqual(["mcp:access"]);
    expect(permissionsFor(["read:context"])).toEqual(["mcp:access", "mcp:read"]);
    expect(permissionsFor(["write:tasks", "execute:mcp"])).toEqual([
      "mcp:access",
      "mcp:read",
      "mcp:write",
      "mcp:execute",
    ]);
    expect(permissionsFor(["read:tasks"], true)).toEqual([
      "mcp:access",
      "mcp:read",
      "mcp:write",
      "mcp:execute",
      "mcp:admin",
    ]);
  });

  it("checks resource scopes, not only coarse permissions", () => {
    const reader = {
      scopes: ["read:tasks", "write:context"],
      permissions: permissionsFor(["read:tasks", "write:context"]),
    };
    expect(hasScope(reader, "read:tasks")).toBe(true);
    expect(hasScope(reader, "read:context")).toBe(true);
    expect(hasScope(reader, "write:tasks")).toBe(false); // holds mcp:write, but for context only
    const admin = { scopes: [], permissions: permissionsFor([], true) };
    expect(hasScope(admin, "write:agents")).toBe(true);
  });
});
