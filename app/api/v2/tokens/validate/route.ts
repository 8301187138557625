import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { requireCredential } from "@/lib/api/bearer";
import { clientAddress } from "@/lib/net/client-address";
import {
  requireAllowedAddress,
  requireProofOfPossession,
  verifyApiTokenForAnyResource,
} from "@/lib/tokens/verify-token";
import { urls } from "@/lib/urls";

// POST /api/v2/tokens/validate - check an API token (Bearer, or DPoP with its proof), for /mcp or one of the
// organization's servers; reports scopes and the resource, enforces none
export const POST = endpoint(api.validateToken, async ({ request }) => {
  const { token, scheme } = requireCredential(request.headers.get("authorization"), "api_token");
  const { principal, resource } = await verifyApiTokenForAnyResource(token);
  await requireProofOfPossession(principal, {
    token,
    scheme,
    proof: request.headers.get("dpop"),
    method: request.method,
    url: urls.publicUrl(request.url),
  });
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
