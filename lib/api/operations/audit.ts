import { z } from "zod";
import { auditListSchema, exportAuditQuerySchema, listAuditQuerySchema } from "../../audit/schemas";
import { defineOperation } from "./define";

// The organization's audit trail.

export const exportAudit = defineOperation({
  method: "get",
  path: "/audit/export",
  auth: "user",
  access: { role: "admin", to: "read the audit trail" },
  summary: "Export the audit trail (owners and admins) as CSV or JSON Lines, with the list's filters",
  query: exportAuditQuerySchema,
  ok: [200, z.string()],
  produces: ["text/csv", "application/jsonl"],
  errors: [400, 401, 403],
});

export const listAudit = defineOperation({
  method: "get",
  path: "/audit",
  auth: "user",
  access: { role: "admin", to: "read the audit trail" },
  summary: "The organization's audit trail, newest first (owners and admins)",
  query: listAuditQuerySchema,
  ok: [200, auditListSchema],
  errors: [400, 401, 403],
});
