import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { requireOrganizationManager } from "@/lib/auth/roles";

// GET /api/v2/audit - the organization's audit trail, newest first (owners and admins), filtered by
// ?actor=&target=&action=&from=&to=
export const GET = endpoint(api.listAudit, async ({ user, query }) => {
  requireOrganizationManager(user, "the audit trail");
  return listAuditEvents(user.orgId, query);
});
