import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { text } from "@/lib/api/text";
import { json, userRoute } from "@/lib/api/handler";
import { parseQuery } from "@/lib/api/parse";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { managesOrganization } from "@/lib/tokens/find-token";

const querySchema = z.strictObject({
  cursor: text().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

// GET /api/v2/audit - the organization's audit trail, newest first (owners and admins)
export const GET = userRoute(async ({ request, user }) => {
  if (!managesOrganization(user))
    throw new ApiError("forbidden", "Only organization owners and admins can read the audit trail.");
  return json(await listAuditEvents({ orgId: user.orgId, ...parseQuery(request, querySchema) }));
});
