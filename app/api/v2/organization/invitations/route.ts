import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { createInvitation, listInvitations } from "@/lib/teams/invitations";

// GET /api/v2/organization/invitations - invitations of the organization, newest first (owners and admins)
export const GET = endpoint(api.listInvitations, ({ user }) => listInvitations(user));

// POST /api/v2/organization/invitations - invite by e-mail address; the link is in this response only
export const POST = endpoint(api.createInvitation, ({ user, body }) => createInvitation(user, body));
