import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { createWorkloadTrust, listWorkloadTrusts } from "@/lib/teams/workload-trust";

// GET /api/v2/service-accounts/{id}/trust-policies - the outside workloads it trusts
export const GET = endpoint(api.listWorkloadTrusts, ({ user, params }) => listWorkloadTrusts(user, params.id));

// POST /api/v2/service-accounts/{id}/trust-policies - trust an issuer's workloads under conditions
export const POST = endpoint(api.createWorkloadTrust, ({ user, params, body }) =>
  createWorkloadTrust(user, params.id, body),
);
