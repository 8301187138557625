import { json, userRoute } from "@/lib/api/handler";
import { parseBody } from "@/lib/api/parse";
import { tokenPolicy, updateTokenPolicy } from "@/lib/tokens/policy";
import { policyUpdateResultSchema, tokenPolicySchema } from "@/lib/tokens/schemas";

// GET /api/v2/organization/policy - the organization's token policy (every member may read it)
export const GET = userRoute(async ({ user }) => json(tokenPolicySchema, await tokenPolicy(user.orgId)));

// PUT /api/v2/organization/policy - set it (owners); answers with the active tokens that exceed it
export const PUT = userRoute(async ({ request, user }) =>
  json(policyUpdateResultSchema, await updateTokenPolicy(user, await parseBody(request, tokenPolicySchema))),
);
