import { json, userRoute } from "@/lib/api/handler";
import { parseQuery } from "@/lib/api/parse";
import { tokenUsageSchema, usageQuerySchema } from "@/lib/tokens/schemas";
import { tokenUsage } from "@/lib/tokens/token-usage";

// GET /api/v2/tokens/{id}/usage?window=24h|7d|30d - requests over time and by tool
export const GET = userRoute<{ id: string }>(async ({ request, user, params }) =>
  json(tokenUsageSchema, await tokenUsage(user, params.id, parseQuery(request, usageQuerySchema).window)),
);
