import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { tokenPolicy, updateTokenPolicy } from "@/lib/tokens/policy";

// GET /api/v2/organization/policy - the organization's token policy (every member may read it)
export const GET = endpoint(api.getPolicy, ({ user }) => tokenPolicy(user.orgId));

// PUT /api/v2/organization/policy - set it (owners); answers with the active tokens that exceed it
export const PUT = endpoint(api.setPolicy, ({ user, body }) => updateTokenPolicy(user, body));
