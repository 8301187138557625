import { json, userRoute } from "@/lib/api/handler";
import { listMembers } from "@/lib/teams/members";
import { memberListSchema } from "@/lib/teams/schemas";

// GET /api/v2/organization/members - the current organization's members and roles
export const GET = userRoute(async ({ user }) => json(memberListSchema, await listMembers(user)));
