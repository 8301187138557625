import { OAUTH_CORS, oauthPreflight, oauthRoute } from "@/lib/api/oauth";
import { config } from "@/lib/config";
import { publishedKeys } from "@/lib/upstream/signing-keys";

// GET /.well-known/jwks.json - the public keys of the caller identities Keyway signs for upstream
// MCP servers (jwks_uri). Cached by verifiers for at most half the time a next key is published ahead.
export const GET = oauthRoute(async () => {
  const maxAge = Math.min(300, Math.floor(config().identityKeys.publishAheadSeconds / 2));
  return Response.json(await publishedKeys(), {
    headers: { ...OAUTH_CORS, "Cache-Control": `public, max-age=${maxAge}` },
  });
});
export const OPTIONS = oauthPreflight;
