import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { tokenRequestLog } from "@/lib/tokens/token-usage";

// GET /api/v2/tokens/{id}/requests?cursor=&limit= - the per-request log, newest first
export const GET = endpoint(api.tokenRequests, ({ user, params, query }) => tokenRequestLog(user, params.id, query));
