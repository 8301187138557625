import { json, userRoute } from "@/lib/api/handler";
import { parseQuery } from "@/lib/api/parse";
import { listConnectedApps } from "@/lib/oauth/connected-apps";
import { connectedAppListSchema, listConnectedAppsQuerySchema } from "@/lib/oauth/schemas";

// GET /api/v2/connected-apps - the OAuth grants (connected apps), newest first (?scope=mine|organization&status=)
export const GET = userRoute(async ({ request, user }) =>
  json(connectedAppListSchema, await listConnectedApps(user, parseQuery(request, listConnectedAppsQuerySchema))),
);
