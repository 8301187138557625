import { z } from "zod";
import { registerServerSchema, serverListSchema, serverViewSchema, updateServerSchema } from "../../upstream/schemas";
import { defineOperation } from "./define";

// The organization's own MCP servers, served through Keyway.

export const listServers = defineOperation("get /organization/servers", {
  summary: "The organization's upstream MCP servers, each served through Keyway at its resource URL",
  access: { role: "member" },
  ok: [200, serverListSchema],
});

export const registerServer = defineOperation("post /organization/servers", {
  summary:
    "Register an MCP server the organization runs (owners and admins); its URL must be one the operator allows (UPSTREAM_ALLOWED)",
  access: { role: "admin", to: "register MCP servers" },
  body: registerServerSchema,
  ok: [201, serverViewSchema],
  errors: [409],
});

export const updateServer = defineOperation("patch /organization/servers/{id}", {
  summary:
    "Change an upstream MCP server's name, URL or how Keyway authenticates to it (owners and admins); a header's new value is never shown again",
  access: { role: "admin", to: "register MCP servers" },
  body: updateServerSchema,
  ok: [200, serverViewSchema],
});

export const removeServer = defineOperation("delete /organization/servers/{id}", {
  summary: "Remove an upstream MCP server (owners and admins); its tokens are refused from their next request",
  access: { role: "admin", to: "register MCP servers" },
  ok: [200, z.object({ deleted: z.literal(true) })],
});
