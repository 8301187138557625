import { json, userRoute } from "@/lib/api/handler";
import { parseBody } from "@/lib/api/parse";
import { rotateToken } from "@/lib/tokens/rotate-token";
import { rotatedTokenSchema, rotateTokenSchema } from "@/lib/tokens/schemas";

// POST /api/v2/tokens/{id}/rotate - issue a successor (secret in this response only); the old token stops now or after an overlap
export const POST = userRoute<{ id: string }>(async ({ request, user, params }) =>
  json(
    rotatedTokenSchema,
    await rotateToken(user, params.id, await parseBody(request, rotateTokenSchema, { optional: true })),
    201,
  ),
);
