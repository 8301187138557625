import { json, userRoute } from "@/lib/api/handler";
import { revokeConnectedApp } from "@/lib/oauth/connected-apps";
import { connectedAppSchema } from "@/lib/oauth/schemas";

// DELETE /api/v2/connected-apps/{id} - revoke: its access tokens stop at once, its refresh tokens never work again
export const DELETE = userRoute<{ id: string }>(async ({ user, params }) =>
  json(connectedAppSchema, await revokeConnectedApp(user, params.id)),
);
