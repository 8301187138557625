import { oauthJson, oauthPreflight, oauthRoute, readForm } from "@/lib/api/oauth";
import { introspect } from "@/lib/oauth/introspection";

// POST /oauth/introspect - RFC 7662 token introspection for a service account's client
export const POST = oauthRoute(async (request) =>
  oauthJson(await introspect(await readForm(request), request.headers.get("authorization"))),
);
export const OPTIONS = oauthPreflight;
