import { clientAddress } from "@/lib/net/client-address";
import { oauthJson, oauthPreflight, oauthRoute, readForm } from "@/lib/api/oauth";
import { tokenRequest } from "@/lib/oauth/token-endpoint";

// POST /oauth/token - authorization_code (with PKCE), refresh_token and client_credentials grants
export const POST = oauthRoute(async (request) =>
  oauthJson(
    await tokenRequest(await readForm(request), request.headers.get("authorization"), clientAddress(request.headers)),
  ),
);
export const OPTIONS = oauthPreflight;
