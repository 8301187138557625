import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { presentedApiToken } from "@/lib/api/bearer";
import { clientAddress } from "@/lib/net/client-address";
import {
  requireAllowedAddress,
  requireProofOfPossession,
  verifyApiTokenForAnyResource,
} from "@/lib/tokens/verify-token";

// POST /api/v2/tokens/validate - check an API token (Bearer, or DPoP with its proof), for /mcp or one of the
// organization's servers; reports scopes and the resource, enforces none
export const POST = endpoint(api.validateToken, async ({ request }) => {
  const presented = presentedApiToken(request);
  const { principal, resource } = await verifyApiTokenForAnyResource(presented.token);
  await requireProofOfPossession(principal, presented);
  requireAllowedAddress(principal, clientAddress(request.headers));
  return {
    valid: true as const,
    tokenId: principal.tokenId,
    userId: principal.userId,
    orgId: principal.orgId,
    scopes: [...principal.scopes],
    permissions: [...principal.permissions],
    expiresAt: principal.expiresAt.toISOString(),
    resource,
  };
});
