import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { withdrawAppApproval } from "@/lib/oauth/app-approvals";

// DELETE /api/v2/organization/app-approvals/{id} - deny or withdraw; the app's grants here are revoked at once
export const DELETE = endpoint(api.withdrawAppApproval, ({ user, params }) => withdrawAppApproval(user, params.id));
