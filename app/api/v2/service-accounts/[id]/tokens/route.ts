import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { createServiceAccountToken, listServiceAccountTokens } from "@/lib/teams/service-accounts";

// GET /api/v2/service-accounts/{id}/tokens - its tokens, newest first
export const GET = endpoint(api.listServiceAccountTokens, ({ user, params, query }) =>
  listServiceAccountTokens(user, params.id, query),
);

// POST /api/v2/service-accounts/{id}/tokens - create a token for it; the secret is in this response only
export const POST = endpoint(api.createServiceAccountToken, ({ user, params, body }) =>
  createServiceAccountToken(user, params.id, body),
);
