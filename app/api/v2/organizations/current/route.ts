import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { switchOrganization } from "@/lib/teams/members";

// PUT /api/v2/organizations/current - act in another of the user's organizations
export const PUT = endpoint(api.switchOrganization, ({ user, body }) => switchOrganization(user, body.orgId));
