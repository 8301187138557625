import { z } from "zod";
import { text } from "../validation";
import { toolListSchema } from "./tool-permissions";

const memberTools = toolListSchema
  .nullable()
  .describe(
    "The only tools members may grant a token or app for this server; null: any (owners and admins always may)",
  );

// Upstream MCP servers (./servers.ts).
export const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

// Headers Keyway itself sets or forwards on the way upstream, which a static secret may not replace.
const RESERVED_HEADERS = new Set([
  "accept",
  "connection",
  "content-length",
  "content-type",
  "cookie",
  "host",
  "keep-alive",
  "last-event-id",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/** How Keyway authenticates to the server; a header's value is write-only. */
export const upstreamAuthSchema = z
  .discriminatedUnion("mode", [
    z.strictObject({ mode: z.literal("none").describe("Nothing: the server trusts its network") }),
    z.strictObject({
      mode: z.literal("header").describe("A static secret in a header, sealed at rest and never shown again"),
      header: z
        .string()
        .trim()
        .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/, "must be an HTTP header name")
        .refine(
          (name) => !RESERVED_HEADERS.has(name.toLowerCase()) && !name.toLowerCase().startsWith("mcp-"),
          "is a header Keyway sets itself",
        ),
      value: z
        .string()
        .min(1)
        .max(4096)
        .regex(/^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/, "must be visible ASCII"),
    }),
    z.strictObject({
      mode: z
        .literal("identity")
        .describe("A short-lived RFC 9068 JWT naming the caller, signed by Keyway (its JWK Set is jwks_uri)"),
    }),
  ])
  .describe("How Keyway authenticates to the server; `identity` when not given");

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
  auth: upstreamAuthSchema.default({ mode: "identity" }),
  memberTools: memberTools.default(null),
});

export const updateServerSchema = registerServerSchema
  .pick({ name: true, url: true })
  .extend({ auth: upstreamAuthSchema, memberTools })
  .partial()
  .refine((update) => Object.keys(update).length > 0, "give name, url, auth or memberTools");

export const serverViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  url: z.string(),
  resource: z.string().describe("The URL clients connect to, and the audience of its tokens"),
  auth: z.discriminatedUnion("mode", [
    z.object({ mode: z.literal("none") }),
    z.object({ mode: z.literal("header"), header: z.string().describe("The header's name; its value is never shown") }),
    z.object({ mode: z.literal("identity") }),
  ]),
  memberTools: z.array(z.string()).nullable().describe("The only tools members may grant; null: any"),
  createdAt: z.string(),
});
export const serverListSchema = z.object({ servers: z.array(serverViewSchema) });

export type RegisterServer = z.infer<typeof registerServerSchema>;
export type UpdateServer = z.infer<typeof updateServerSchema>;
export type UpstreamAuth = z.infer<typeof upstreamAuthSchema>;
export type ServerView = z.infer<typeof serverViewSchema>;
