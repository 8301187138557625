import { clientAddress } from "@/lib/net/client-address";
import { oauthJson, oauthPreflight, oauthRoute, readForm } from "@/lib/api/oauth";
import { tokenRequest, tokenRequestDpop } from "@/lib/oauth/token-endpoint";

// POST /oauth/token - authorization_code (with PKCE), refresh_token, client_credentials and ID-JAG
// grants; with a DPoP proof, the tokens are bound to its key (RFC 9449)
export const POST = oauthRoute(async (request) => {
  const params = await readForm(request);
  const dpop = await tokenRequestDpop(request.headers.get("dpop"));
  return oauthJson(
    await tokenRequest(params, request.headers.get("authorization"), clientAddress(request.headers), dpop),
  );
});
export const OPTIONS = oauthPreflight;
