import { z } from "zod";
import { text } from "../validation";

// Upstream MCP servers (./servers.ts).
export const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

export const registerServerSchema = z.strictObject({
  name: text().trim().min(1).max(100),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(SLUG, "must be 1-40 lowercase letters, digits and inner hyphens")
    .describe("The server's path at Keyway: APP_URL/mcp/servers/{slug}"),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .describe("Where the server answers MCP (Streamable HTTP)"),
});

export const serverViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  url: z.string(),
  resource: z.string().describe("The URL clients connect to, and the audience of its tokens"),
  createdAt: z.string(),
});
export const serverListSchema = z.object({ servers: z.array(serverViewSchema) });

export type RegisterServer = z.infer<typeof registerServerSchema>;
export type ServerView = z.infer<typeof serverViewSchema>;
