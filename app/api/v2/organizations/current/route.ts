import { json, userRoute } from "@/lib/api/handler";
import { parseBody } from "@/lib/api/parse";
import { switchOrganization } from "@/lib/teams/members";
import { organizationListSchema, switchOrganizationSchema } from "@/lib/teams/schemas";

// PUT /api/v2/organizations/current - act in another of the user's organizations
export const PUT = userRoute(async ({ request, user }) =>
  json(
    organizationListSchema,
    await switchOrganization(user, (await parseBody(request, switchOrganizationSchema)).orgId),
  ),
);
