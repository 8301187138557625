import { json, route } from "@/lib/api/handler";
import { authenticateApiToken } from "@/lib/tokens/verify-token";

// POST /api/v2/tokens/validate - check an API token (sent as Bearer); reports scopes, enforces none
export const POST = route(async ({ request }) => {
  const principal = await authenticateApiToken(request.headers.get("authorization"));
  return json({
    valid: true,
    tokenId: principal.tokenId,
    userId: principal.userId,
    orgId: principal.orgId,
    scopes: principal.scopes,
    permissions: principal.permissions,
    expiresAt: principal.expiresAt?.toISOString(),
  });
});
