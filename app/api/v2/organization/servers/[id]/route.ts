import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { removeServer, updateServer } from "@/lib/upstream/servers";

// PATCH /api/v2/organization/servers/{id} - change its name, URL or authentication (owners and admins)
export const PATCH = endpoint(api.updateServer, ({ user, params, body }) => updateServer(user, params.id, body));

// DELETE /api/v2/organization/servers/{id} - remove one (owners and admins)
export const DELETE = endpoint(api.removeServer, ({ user, params }) => removeServer(user, params.id));
