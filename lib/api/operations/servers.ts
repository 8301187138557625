import { z } from "zod";
import { registerServerSchema, serverListSchema, serverViewSchema, updateServerSchema } from "../../upstream/schemas";
import { defineOperation } from "./define";

// The organization's own MCP servers, served through Keyway.

export const listServers = defineOperation({
  method: "get",
  path: "/organization/servers",
  summary: "The organization's upstream MCP servers, each served through Keyway at its resource URL",
  auth: "user",
  access: { role: "member" },
  ok: [200, serverListSchema],
  errors: [401, 403],
});

export const registerServer = defineOperation({
  method: "post",
  path: "/organization/servers",
  summary:
    "Register an MCP server the organization runs (owners and admins); its URL must be one the operator allows (UPSTREAM_ALLOWED)",
  auth: "user",
  access: { role: "admin", to: "register MCP servers" },
  body: registerServerSchema,
  ok: [201, serverViewSchema],
  errors: [400, 401, 403, 409],
});

export const updateServer = defineOperation({
  method: "patch",
  path: "/organization/servers/{id}",
  summary:
    "Change an upstream MCP server's name, URL or how Keyway authenticates to it (owners and admins); a header's new value is never shown again",
  auth: "user",
  access: { role: "admin", to: "register MCP servers" },
  body: updateServerSchema,
  ok: [200, serverViewSchema],
  errors: [400, 401, 403, 404],
});

export const removeServer = defineOperation({
  method: "delete",
  path: "/organization/servers/{id}",
  summary: "Remove an upstream MCP server (owners and admins); its tokens are refused from their next request",
  auth: "user",
  access: { role: "admin", to: "register MCP servers" },
  ok: [200, z.object({ deleted: z.literal(true) })],
  errors: [401, 403, 404],
});
