import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { createToken } from "@/lib/tokens/create-token";
import { listTokens } from "@/lib/tokens/list-tokens";

// GET /api/v2/tokens - list tokens, newest first (?status=&cursor=&limit=&scope=mine|organization)
export const GET = endpoint(api.listTokens, ({ user, query }) => listTokens(user, query));

// POST /api/v2/tokens - create a token; the secret is in this response only
export const POST = endpoint(api.createToken, ({ user, body }) => createToken(user, body));
