import { oauthJson, oauthPreflight, oauthRoute } from "@/lib/api/oauth";
import { authorizationServerMetadata, authorizationServerMetadataSchema } from "@/lib/oauth/metadata";

// GET /.well-known/oauth-authorization-server - RFC 8414 metadata of Keyway's authorization server
export const GET = oauthRoute(async () =>
  oauthJson(authorizationServerMetadataSchema.parse(authorizationServerMetadata())),
);
export const OPTIONS = oauthPreflight;
