import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { removeServer } from "@/lib/upstream/servers";

// DELETE /api/v2/organization/servers/{id} - remove one (owners and admins)
export const DELETE = endpoint(api.removeServer, ({ user, params }) => removeServer(user, params.id));
