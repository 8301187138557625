import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { listAuditEvents } from "@/lib/audit/list-audit-events";

// GET /api/v2/audit - the organization's audit trail, newest first (owners and admins), filtered by
// ?actor=&target=&action=&from=&to=
export const GET = endpoint(api.listAudit, ({ user, query }) => listAuditEvents(user.orgId, query));
