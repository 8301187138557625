import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { showToken } from "@/lib/tokens/find-token";
import { revokeToken } from "@/lib/tokens/revoke-token";
import { updateToken } from "@/lib/tokens/update-token";

// GET /api/v2/tokens/{id} - a token's metadata
export const GET = endpoint(api.getToken, ({ user, params }) => showToken(user, params.id));

// PATCH /api/v2/tokens/{id} - rename, change the rate limit, or narrow the scopes
export const PATCH = endpoint(api.updateToken, ({ user, params, body }) => updateToken(user, params.id, body));

// DELETE /api/v2/tokens/{id} - revoke
export const DELETE = endpoint(api.revokeToken, ({ user, params }) => revokeToken(user, params.id));
