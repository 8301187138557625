import { clientAddress } from "@/lib/net/client-address";
import { oauthJson, oauthPreflight, oauthRoute, readForm } from "@/lib/api/oauth";
import { tokenRequest } from "@/lib/oauth/tokens";

// POST /oauth/token - authorization_code (with PKCE) and refresh_token grants
export const POST = oauthRoute(async (request) =>
  oauthJson(await tokenRequest(await readForm(request), clientAddress(request.headers))),
);
export const OPTIONS = oauthPreflight;
