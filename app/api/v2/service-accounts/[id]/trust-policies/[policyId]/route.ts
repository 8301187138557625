import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { deleteWorkloadTrust, updateWorkloadTrust } from "@/lib/teams/workload-trust";

// PUT /api/v2/service-accounts/{id}/trust-policies/{policyId} - change it (from the next exchange)
export const PUT = endpoint(api.updateWorkloadTrust, ({ user, params, body }) =>
  updateWorkloadTrust(user, params.id, params.policyId, body),
);

// DELETE /api/v2/service-accounts/{id}/trust-policies/{policyId} - delete it and the tokens it issued
export const DELETE = endpoint(api.deleteWorkloadTrust, ({ user, params }) =>
  deleteWorkloadTrust(user, params.id, params.policyId),
);
