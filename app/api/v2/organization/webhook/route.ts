import { json, userRoute } from "@/lib/api/handler";
import { parseBody } from "@/lib/api/parse";
import { configureWebhook, webhookLog } from "@/lib/activity/webhooks";
import { webhookLogSchema, webhookSecretSchema, webhookUpdateSchema } from "@/lib/teams/schemas";

// GET /api/v2/organization/webhook - the webhook URL and its delivery log (owners and admins)
export const GET = userRoute(async ({ user }) => json(webhookLogSchema, await webhookLog(user)));

// PUT /api/v2/organization/webhook - set (or with null, remove) the URL (owners); the signing secret is in this response only
export const PUT = userRoute(async ({ request, user }) =>
  json(webhookSecretSchema, await configureWebhook(user, (await parseBody(request, webhookUpdateSchema)).url)),
);
