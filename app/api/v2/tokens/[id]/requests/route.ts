import { json, userRoute } from "@/lib/api/handler";
import { parseQuery } from "@/lib/api/parse";
import { requestLogQuerySchema, tokenRequestLogSchema } from "@/lib/tokens/schemas";
import { tokenRequestLog } from "@/lib/tokens/token-usage";

// GET /api/v2/tokens/{id}/requests?cursor=&limit= - the per-request log, newest first
export const GET = userRoute<{ id: string }>(async ({ request, user, params }) =>
  json(tokenRequestLogSchema, await tokenRequestLog(user, params.id, parseQuery(request, requestLogQuerySchema))),
);
