import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { createServiceAccount, listServiceAccounts } from "@/lib/teams/service-accounts";

// GET /api/v2/service-accounts - the organization's service accounts (owners and admins)
export const GET = endpoint(api.listServiceAccounts, ({ user }) => listServiceAccounts(user));

// POST /api/v2/service-accounts - create a service account (owners and admins)
export const POST = endpoint(api.createServiceAccount, ({ user, body }) => createServiceAccount(user, body));
