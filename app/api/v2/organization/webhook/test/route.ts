import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { sendTestWebhook } from "@/lib/activity/webhooks";

// POST /api/v2/organization/webhook/test - send a signed test event now (owners)
export const POST = endpoint(api.testWebhook, ({ user }) => sendTestWebhook(user));
