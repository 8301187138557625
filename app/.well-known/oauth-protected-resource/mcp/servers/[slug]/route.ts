import { json, route } from "@/lib/api/handler";
import { DomainError } from "@/lib/errors";
import { protectedResourceMetadata, protectedResourceMetadataSchema } from "@/lib/mcp/resource-metadata";
import { serverBySlug } from "@/lib/upstream/servers";

// GET /.well-known/oauth-protected-resource/mcp/servers/{slug} - RFC 9728 metadata for one upstream server
export const GET = route<{ slug: string }>(async ({ params }) => {
  const server = await serverBySlug(params.slug);
  if (!server) throw new DomainError("not_found", `No MCP server ${params.slug} here.`);
  return json(protectedResourceMetadataSchema, protectedResourceMetadata(server), 200, {
    "Access-Control-Allow-Origin": "*",
  });
});
