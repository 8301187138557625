import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { deleteServiceAccount, getServiceAccount, updateServiceAccount } from "@/lib/teams/service-accounts";

// GET /api/v2/service-accounts/{id} - a service account
export const GET = endpoint(api.getServiceAccount, ({ user, params }) => getServiceAccount(user, params.id));

// PATCH /api/v2/service-accounts/{id} - rename, disable or enable it
export const PATCH = endpoint(api.updateServiceAccount, ({ user, params, body }) =>
  updateServiceAccount(user, params.id, body),
);

// DELETE /api/v2/service-accounts/{id} - delete it and every token it holds
export const DELETE = endpoint(api.deleteServiceAccount, ({ user, params }) => deleteServiceAccount(user, params.id));
