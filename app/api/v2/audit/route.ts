import { json, userRoute } from "@/lib/api/handler";
import { parseQuery } from "@/lib/api/parse";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { auditListSchema, listAuditQuerySchema } from "@/lib/audit/schemas";
import { managesOrganization } from "@/lib/auth/roles";
import { DomainError } from "@/lib/errors";

// GET /api/v2/audit - the organization's audit trail, newest first (owners and admins)
export const GET = userRoute(async ({ request, user }) => {
  if (!managesOrganization(user))
    throw new DomainError("forbidden", "Only organization owners and admins can read the audit trail.");
  return json(
    auditListSchema,
    await listAuditEvents({ orgId: user.orgId, ...parseQuery(request, listAuditQuerySchema) }),
  );
});
