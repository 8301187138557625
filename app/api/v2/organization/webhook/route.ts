import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { configureWebhook, webhookLog } from "@/lib/activity/webhooks";

// GET /api/v2/organization/webhook - the webhook URL and its delivery log (owners and admins)
export const GET = endpoint(api.getWebhook, ({ user }) => webhookLog(user));

// PUT /api/v2/organization/webhook - set (or with null, remove) the URL (owners); the signing secret is in this response only
export const PUT = endpoint(api.setWebhook, ({ user, body }) => configureWebhook(user, body.url));
