import { json, userRoute } from "@/lib/api/handler";
import { parseBody } from "@/lib/api/parse";
import { acceptInvitation } from "@/lib/teams/invitations";
import { acceptedInvitationSchema, acceptInvitationSchema } from "@/lib/teams/schemas";

// POST /api/v2/invitations/accept - the signed-in user joins the organization of an invitation link
export const POST = userRoute(async ({ request, user }) =>
  json(
    acceptedInvitationSchema,
    await acceptInvitation(user, (await parseBody(request, acceptInvitationSchema)).token),
  ),
);
