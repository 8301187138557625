import { json, userRoute } from "@/lib/api/handler";
import { parseBody, parseQuery } from "@/lib/api/parse";
import { createToken } from "@/lib/tokens/create-token";
import { listTokens } from "@/lib/tokens/list-tokens";
import { createTokenSchema, listTokensQuerySchema, tokenListSchema, tokenWithSecretSchema } from "@/lib/tokens/schemas";

// GET /api/v2/tokens - list tokens, newest first (?status=&cursor=&limit=&scope=mine|organization)
export const GET = userRoute(async ({ request, user }) =>
  json(tokenListSchema, await listTokens(user, parseQuery(request, listTokensQuerySchema))),
);

// POST /api/v2/tokens - create a token; the secret is in this response only
export const POST = userRoute(async ({ request, user }) =>
  json(tokenWithSecretSchema, await createToken(user, await parseBody(request, createTokenSchema)), 201),
);
