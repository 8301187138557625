import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { acceptInvitation } from "@/lib/teams/invitations";

// POST /api/v2/invitations/accept - the signed-in user joins the organization of an invitation link
export const POST = endpoint(api.acceptInvitation, ({ user, body }) => acceptInvitation(user, body.secret));
