import { json, userRoute } from "@/lib/api/handler";
import { parseBody } from "@/lib/api/parse";
import { createInvitation, listInvitations } from "@/lib/teams/invitations";
import { createInvitationSchema, invitationListSchema, invitationWithLinkSchema } from "@/lib/teams/schemas";

// GET /api/v2/organization/invitations - invitations of the organization, newest first (owners and admins)
export const GET = userRoute(async ({ user }) => json(invitationListSchema, await listInvitations(user)));

// POST /api/v2/organization/invitations - invite by e-mail address; the link is in this response only
export const POST = userRoute(async ({ request, user }) =>
  json(invitationWithLinkSchema, await createInvitation(user, await parseBody(request, createInvitationSchema)), 201),
);
