import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { createServiceClient, listServiceClients } from "@/lib/teams/service-clients";

// GET /api/v2/service-accounts/{id}/clients - its OAuth clients (client credentials)
export const GET = endpoint(api.listServiceClients, ({ user, params }) => listServiceClients(user, params.id));

// POST /api/v2/service-accounts/{id}/clients - register one; a secret is in this response only
export const POST = endpoint(api.createServiceClient, ({ user, params, body }) =>
  createServiceClient(user, params.id, body),
);
