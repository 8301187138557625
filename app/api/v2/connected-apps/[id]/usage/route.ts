import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { connectedAppUsage } from "@/lib/oauth/connected-apps";

// GET /api/v2/connected-apps/{id}/usage?window=24h|7d|30d - requests over time and by tool, over all its access tokens
export const GET = endpoint(api.connectedAppUsage, ({ user, params, query }) =>
  connectedAppUsage(user, params.id, query.window),
);
