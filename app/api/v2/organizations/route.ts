import { json, userRoute } from "@/lib/api/handler";
import { listOrganizations } from "@/lib/teams/members";
import { organizationListSchema } from "@/lib/teams/schemas";

// GET /api/v2/organizations - the organizations the user belongs to, with their role and the current one
export const GET = userRoute(async ({ user }) => json(organizationListSchema, await listOrganizations(user)));
