import { oauthJson, oauthPreflight, oauthRoute } from "@/lib/api/oauth";
import { readJson } from "@/lib/api/parse";
import { clientAddress } from "@/lib/net/client-address";
import { registerClient } from "@/lib/oauth/clients";

// POST /oauth/register - RFC 7591 Dynamic Client Registration of a public client
export const POST = oauthRoute(async (request) =>
  oauthJson(await registerClient(await readJson(request), clientAddress(request.headers)), 201),
);
export const OPTIONS = oauthPreflight;
