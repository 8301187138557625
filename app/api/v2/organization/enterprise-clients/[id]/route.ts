import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { deleteEnterpriseClient } from "@/lib/oauth/enterprise-clients";

// DELETE /api/v2/organization/enterprise-clients/{id} - delete one (owners); its access is revoked at once
export const DELETE = endpoint(api.deleteEnterpriseClient, ({ user, params }) =>
  deleteEnterpriseClient(user, params.id),
);
