import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { dismissFlag } from "@/lib/activity/flags";

// POST /api/v2/organization/activity/{id}/dismiss - set a flag aside once looked at (owners and admins)
export const POST = endpoint(api.dismissFlag, ({ user, params }) => dismissFlag(user, params.id));
