import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { usageOverview } from "@/lib/tokens/token-usage";

// GET /api/v2/usage?window=24h|7d|30d&scope=mine|organization - usage across every token in scope
export const GET = endpoint(api.usageOverview, ({ user, query }) => usageOverview(user, query));
