import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { listOrganizations } from "@/lib/teams/members";

// GET /api/v2/organizations - the organizations the user belongs to, with their role and the current one
export const GET = endpoint(api.listOrganizations, ({ user }) => listOrganizations(user));
