import { z } from "zod";
import {
  appApprovalListSchema,
  appApprovalSchema,
  withdrawnAppApprovalSchema,
  createEnterpriseClientSchema,
  enterpriseClientListSchema,
  enterpriseClientWithSecretSchema,
} from "../../oauth/schemas";
import { defineOperation } from "./define";

// Which OAuth apps may connect, and the enterprise-managed ones.

export const listAppApprovals = defineOperation({
  method: "get",
  path: "/organization/app-approvals",
  summary: "OAuth apps members asked to connect, and those approved (owners and admins)",
  auth: "user",
  access: { role: "admin", to: "decide which apps may connect" },
  ok: [200, appApprovalListSchema],
  errors: [401, 403],
});

export const approveApp = defineOperation({
  method: "post",
  path: "/organization/app-approvals/{id}/approve",
  summary: "Approve an app: members may then connect it (owners and admins)",
  auth: "user",
  access: { role: "admin", to: "decide which apps may connect" },
  ok: [200, appApprovalSchema],
  errors: [401, 403, 404],
});

export const withdrawAppApproval = defineOperation({
  method: "delete",
  path: "/organization/app-approvals/{id}",
  summary: "Deny a request or withdraw an approval: the app's grants in the organization are revoked at once",
  auth: "user",
  access: { role: "admin", to: "decide which apps may connect" },
  ok: [200, withdrawnAppApprovalSchema],
  errors: [401, 403, 404],
});

export const listEnterpriseClients = defineOperation({
  method: "get",
  path: "/organization/enterprise-clients",
  summary: "MCP clients registered for enterprise-managed authorization (ID-JAG) (owners and admins)",
  auth: "user",
  access: { role: "admin", to: "read the enterprise clients" },
  ok: [200, enterpriseClientListSchema],
  errors: [401, 403],
});

export const createEnterpriseClient = defineOperation({
  method: "post",
  path: "/organization/enterprise-clients",
  summary: "Register an MCP client for enterprise-managed authorization (owners); its secret is in this response only",
  auth: "user",
  access: { role: "owner", to: "register enterprise clients" },
  body: createEnterpriseClientSchema,
  ok: [201, enterpriseClientWithSecretSchema],
  errors: [400, 401, 403],
});

export const deleteEnterpriseClient = defineOperation({
  method: "delete",
  path: "/organization/enterprise-clients/{id}",
  summary: "Delete an enterprise client (owners); the access it was granted is revoked at once",
  auth: "user",
  access: { role: "owner", to: "delete enterprise clients" },
  ok: [200, z.object({ deleted: z.literal(true) })],
  errors: [401, 403, 404],
});
