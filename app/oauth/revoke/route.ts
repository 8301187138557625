import { clientAddress } from "@/lib/net/client-address";
import { oauthJson, oauthPreflight, oauthRoute, readForm } from "@/lib/api/oauth";
import { revokeRequest } from "@/lib/oauth/token-endpoint";

// POST /oauth/revoke - RFC 7009 token revocation (a refresh token revokes its whole grant)
export const POST = oauthRoute(async (request) => {
  await revokeRequest(await readForm(request), clientAddress(request.headers));
  return oauthJson({});
});
export const OPTIONS = oauthPreflight;
