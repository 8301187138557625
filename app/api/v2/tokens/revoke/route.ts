import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { revokeTokens } from "@/lib/tokens/revoke-token";

// POST /api/v2/tokens/revoke - revoke several tokens at once; if any is not the caller's to revoke, none is
export const POST = endpoint(api.revokeTokens, ({ user, body }) => revokeTokens(user, body.ids));
