import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { listAppApprovals } from "@/lib/oauth/app-approvals";

// GET /api/v2/organization/app-approvals - apps members asked to connect, and approved ones (owners and admins)
export const GET = endpoint(api.listAppApprovals, ({ user }) => listAppApprovals(user));
