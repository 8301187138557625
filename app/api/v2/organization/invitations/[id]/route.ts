import { json, userRoute } from "@/lib/api/handler";
import { revokeInvitation } from "@/lib/teams/invitations";
import { invitationSchema } from "@/lib/teams/schemas";

// DELETE /api/v2/organization/invitations/{id} - revoke a pending invitation
export const DELETE = userRoute<{ id: string }>(async ({ user, params }) =>
  json(invitationSchema, await revokeInvitation(user, params.id)),
);
