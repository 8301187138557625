import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { listActivity } from "@/lib/activity/flags";

// GET /api/v2/organization/activity - unusual-activity flags of the organization's tokens, newest first (owners and admins)
export const GET = endpoint(api.listActivity, ({ user }) => listActivity(user.orgId));
