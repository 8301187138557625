import { downloadResponse } from "@/lib/api/download";
import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { auditExportLines } from "@/lib/audit/list-audit-events";

// GET /api/v2/audit/export?format=csv|jsonl - every matching event (same filters as the list), streamed
export const GET = endpoint(api.exportAudit, async ({ user, query }) => {
  const { format, ...filter } = query;
  return downloadResponse(auditExportLines(user.orgId, filter, format), "audit", format);
});
