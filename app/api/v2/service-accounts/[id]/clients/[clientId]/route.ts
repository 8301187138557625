import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { deleteServiceClient } from "@/lib/teams/service-clients";

// DELETE /api/v2/service-accounts/{id}/clients/{clientId} - delete it and the access tokens it holds
export const DELETE = endpoint(api.deleteServiceClient, ({ user, params }) =>
  deleteServiceClient(user, params.id, params.clientId),
);
