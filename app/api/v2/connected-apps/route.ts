import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { listConnectedApps } from "@/lib/oauth/connected-apps";

// GET /api/v2/connected-apps - the OAuth grants (connected apps), newest first (?scope=mine|organization&status=)
export const GET = endpoint(api.listConnectedApps, ({ user, query }) => listConnectedApps(user, query));
