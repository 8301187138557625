import { z } from "zod";
import { auditListSchema, exportAuditQuerySchema, listAuditQuerySchema } from "../../audit/schemas";
import { defineOperation } from "./define";

// The organization's audit trail.

export const exportAudit = defineOperation("get /audit/export", {
  access: { role: "admin", to: "read the audit trail" },
  summary: "Export the audit trail (owners and admins) as CSV or JSON Lines, with the list's filters",
  query: exportAuditQuerySchema,
  ok: [200, z.string()],
  produces: ["text/csv", "application/jsonl"],
});

export const listAudit = defineOperation("get /audit", {
  access: { role: "admin", to: "read the audit trail" },
  summary: "The organization's audit trail, newest first (owners and admins)",
  query: listAuditQuerySchema,
  ok: [200, auditListSchema],
});
