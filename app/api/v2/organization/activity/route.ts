import { json, userRoute } from "@/lib/api/handler";
import { listActivity } from "@/lib/activity/flags";
import { requireOrganizationManager } from "@/lib/auth/roles";
import { activityListSchema } from "@/lib/teams/schemas";

// GET /api/v2/organization/activity - unusual-activity flags of the organization's tokens, newest first (owners and admins)
export const GET = userRoute(async ({ user }) => {
  requireOrganizationManager(user, "unusual activity");
  return json(activityListSchema, await listActivity(user.orgId));
});
