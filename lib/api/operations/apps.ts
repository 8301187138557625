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

export const listAppApprovals = defineOperation("get /organization/app-approvals", {
  summary: "OAuth apps members asked to connect, and those approved (owners and admins)",
  access: { role: "admin", to: "decide which apps may connect" },
  ok: [200, appApprovalListSchema],
});

export const approveApp = defineOperation("post /organization/app-approvals/{id}/approve", {
  summary: "Approve an app: members may then connect it (owners and admins)",
  access: { role: "admin", to: "decide which apps may connect" },
  ok: [200, appApprovalSchema],
});

export const withdrawAppApproval = defineOperation("delete /organization/app-approvals/{id}", {
  summary: "Deny a request or withdraw an approval: the app's grants in the organization are revoked at once",
  access: { role: "admin", to: "decide which apps may connect" },
  ok: [200, withdrawnAppApprovalSchema],
});

export const listEnterpriseClients = defineOperation("get /organization/enterprise-clients", {
  summary: "MCP clients registered for enterprise-managed authorization (ID-JAG) (owners and admins)",
  access: { role: "admin", to: "read the enterprise clients" },
  ok: [200, enterpriseClientListSchema],
});

export const createEnterpriseClient = defineOperation("post /organization/enterprise-clients", {
  summary: "Register an MCP client for enterprise-managed authorization (owners); its secret is in this response only",
  access: { role: "owner", to: "register enterprise clients" },
  body: createEnterpriseClientSchema,
  ok: [201, enterpriseClientWithSecretSchema],
});

export const deleteEnterpriseClient = defineOperation("delete /organization/enterprise-clients/{id}", {
  summary: "Delete an enterprise client (owners); the access it was granted is revoked at once",
  access: { role: "owner", to: "delete enterprise clients" },
  ok: [200, z.object({ deleted: z.literal(true) })],
});
