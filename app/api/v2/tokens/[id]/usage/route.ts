import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { tokenUsage } from "@/lib/tokens/token-usage";

// GET /api/v2/tokens/{id}/usage?window=24h|7d|30d - requests over time and by tool
export const GET = endpoint(api.tokenUsage, ({ user, params, query }) => tokenUsage(user, params.id, query.window));
