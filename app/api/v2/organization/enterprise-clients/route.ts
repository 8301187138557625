import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { createEnterpriseClient, listEnterpriseClients } from "@/lib/oauth/enterprise-clients";

// GET /api/v2/organization/enterprise-clients - MCP clients registered for enterprise-managed authorization
export const GET = endpoint(api.listEnterpriseClients, ({ user }) => listEnterpriseClients(user));

// POST /api/v2/organization/enterprise-clients - register one (owners); the secret is in this response only
export const POST = endpoint(api.createEnterpriseClient, ({ user, body }) => createEnterpriseClient(user, body));
