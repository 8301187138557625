import { json, userRoute } from "@/lib/api/handler";
import { parseQuery } from "@/lib/api/parse";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { auditListSchema, listAuditQuerySchema } from "@/lib/audit/schemas";
import { requireOrganizationManager } from "@/lib/auth/roles";

// GET /api/v2/audit - the organization's audit trail, newest first (owners and admins), filtered by
// ?actor=&target=&action=&from=&to=
export const GET = userRoute(async ({ request, user }) => {
  requireOrganizationManager(user, "the audit trail");
  return json(auditListSchema, await listAuditEvents(user.orgId, parseQuery(request, listAuditQuerySchema)));
});
