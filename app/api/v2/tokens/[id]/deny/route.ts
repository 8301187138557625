import { json, userRoute } from "@/lib/api/handler";
import { parseBody } from "@/lib/api/parse";
import { decideApproval } from "@/lib/teams/approvals";
import { approvalDecisionSchema, tokenViewSchema } from "@/lib/tokens/schemas";

// POST /api/v2/tokens/{id}/deny - deny a member's token waiting for approval (owners and admins), with a note
export const POST = userRoute<{ id: string }>(async ({ request, user, params }) => {
  const { note } = await parseBody(request, approvalDecisionSchema, { optional: true });
  return json(tokenViewSchema, await decideApproval(user, params.id, false, note));
});
