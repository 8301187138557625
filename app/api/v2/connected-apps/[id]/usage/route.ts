import { json, userRoute } from "@/lib/api/handler";
import { parseQuery } from "@/lib/api/parse";
import { connectedAppUsage } from "@/lib/oauth/connected-apps";
import { connectedAppUsageSchema } from "@/lib/oauth/schemas";
import { usageQuerySchema } from "@/lib/tokens/schemas";

// GET /api/v2/connected-apps/{id}/usage?window=24h|7d|30d - requests over time and by tool, over all its access tokens
export const GET = userRoute<{ id: string }>(async ({ request, user, params }) =>
  json(connectedAppUsageSchema, await connectedAppUsage(user, params.id, parseQuery(request, usageQuerySchema).window)),
);
