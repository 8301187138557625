import { json, route } from "@/lib/api/handler";
import { protectedResourceMetadata, protectedResourceMetadataSchema } from "@/lib/mcp/resource-metadata";

// GET /.well-known/oauth-protected-resource/mcp - RFC 9728 metadata for the /mcp resource
export const GET = route(async () =>
  json(protectedResourceMetadataSchema, protectedResourceMetadata(), 200, { "Access-Control-Allow-Origin": "*" }),
);
