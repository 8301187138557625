import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { rotateToken } from "@/lib/tokens/rotate-token";

// POST /api/v2/tokens/{id}/rotate - issue a successor (secret in this response only); the old token stops now or after an overlap
export const POST = endpoint(api.rotateToken, ({ user, params, body }) => rotateToken(user, params.id, body));
