import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { findTokenFor } from "@/lib/tokens/find-token";
import { revokeToken } from "@/lib/tokens/revoke-token";
import { toTokenView } from "@/lib/tokens/token-view";
import { updateToken } from "@/lib/tokens/update-token";

// GET /api/v2/tokens/{id} - a token's metadata
export const GET = endpoint(api.getToken, async ({ user, params }) =>
  toTokenView(await findTokenFor(user, params.id, { orgWide: true })),
);

// PATCH /api/v2/tokens/{id} - rename, change the rate limit, or narrow the scopes
export const PATCH = endpoint(api.updateToken, ({ user, params, body }) => updateToken(user, params.id, body));

// DELETE /api/v2/tokens/{id} - revoke
export const DELETE = endpoint(api.revokeToken, ({ user, params }) => revokeToken(user, params.id));
