import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { rotateServiceClientSecret } from "@/lib/teams/service-clients";

// POST /api/v2/service-accounts/{id}/clients/{clientId}/secret - a new secret, in this response only
export const POST = endpoint(api.rotateServiceClientSecret, ({ user, params }) =>
  rotateServiceClientSecret(user, params.id, params.clientId),
);
