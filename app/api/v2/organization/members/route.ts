import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { listMembers } from "@/lib/teams/members";

// GET /api/v2/organization/members - the current organization's members and roles
export const GET = endpoint(api.listMembers, ({ user }) => listMembers(user));
