import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { decideApproval } from "@/lib/teams/approvals";

// POST /api/v2/tokens/{id}/deny - deny a member's token waiting for approval (owners and admins), with a note
export const POST = endpoint(api.denyToken, ({ user, params, body }) =>
  decideApproval(user, params.id, false, body.note),
);
