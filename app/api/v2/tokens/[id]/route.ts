import { json, userRoute } from "@/lib/api/handler";
import { parseBody } from "@/lib/api/parse";
import { findTokenFor } from "@/lib/tokens/find-token";
import { revokeToken } from "@/lib/tokens/revoke-token";
import { tokenViewSchema, updateTokenSchema } from "@/lib/tokens/schemas";
import { toTokenView } from "@/lib/tokens/token-view";
import { updateToken } from "@/lib/tokens/update-token";

type Params = { id: string };

// GET /api/v2/tokens/{id} - a token's metadata
export const GET = userRoute<Params>(async ({ user, params }) =>
  json(tokenViewSchema, toTokenView(await findTokenFor(user, params.id, { orgWide: true }))),
);

// PATCH /api/v2/tokens/{id} - rename, change the rate limit, or narrow the scopes
export const PATCH = userRoute<Params>(async ({ request, user, params }) =>
  json(tokenViewSchema, await updateToken(user, params.id, await parseBody(request, updateTokenSchema))),
);

// DELETE /api/v2/tokens/{id} - revoke
export const DELETE = userRoute<Params>(async ({ user, params }) =>
  json(tokenViewSchema, await revokeToken(user, params.id)),
);
