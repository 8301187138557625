import { json, userRoute } from "@/lib/api/handler";
import { parseQuery } from "@/lib/api/parse";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { auditListSchema, listAuditQuerySchema } from "@/lib/audit/schemas";
import { requireAuditReader } from "@/lib/auth/roles";

// GET /api/v2/audit - the organization's audit trail, newest first (owners and admins), filtered by
// ?actor=&target=&action=&from=&to=
export const GET = userRoute(async ({ request, user }) => {
  requireAuditReader(user);
  return json(auditListSchema, await listAuditEvents(user.orgId, parseQuery(request, listAuditQuerySchema)));
});
