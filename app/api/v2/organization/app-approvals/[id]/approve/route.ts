import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { approveApp } from "@/lib/oauth/app-approvals";

// POST /api/v2/organization/app-approvals/{id}/approve - members may then connect the app
export const POST = endpoint(api.approveApp, ({ user, params }) => approveApp(user, params.id));
