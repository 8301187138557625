import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { connectedAppRequestLog } from "@/lib/oauth/connected-apps";

// GET /api/v2/connected-apps/{id}/requests?cursor=&limit= - the per-request log over all its access tokens
export const GET = endpoint(api.connectedAppRequests, ({ user, params, query }) =>
  connectedAppRequestLog(user, params.id, query),
);
