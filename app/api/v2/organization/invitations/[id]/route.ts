import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { revokeInvitation } from "@/lib/teams/invitations";

// DELETE /api/v2/organization/invitations/{id} - revoke a pending invitation
export const DELETE = endpoint(api.revokeInvitation, ({ user, params }) => revokeInvitation(user, params.id));
