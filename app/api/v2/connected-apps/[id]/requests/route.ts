import { json, userRoute } from "@/lib/api/handler";
import { parseQuery } from "@/lib/api/parse";
import { connectedAppRequestLog } from "@/lib/oauth/connected-apps";
import { connectedAppRequestLogSchema } from "@/lib/oauth/schemas";
import { requestLogQuerySchema } from "@/lib/tokens/schemas";

// GET /api/v2/connected-apps/{id}/requests?cursor=&limit= - the per-request log over all its access tokens
export const GET = userRoute<{ id: string }>(async ({ request, user, params }) =>
  json(
    connectedAppRequestLogSchema,
    await connectedAppRequestLog(user, params.id, parseQuery(request, requestLogQuerySchema)),
  ),
);
