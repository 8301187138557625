import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { revokeConnectedApp } from "@/lib/oauth/connected-apps";

// DELETE /api/v2/connected-apps/{id} - revoke: its access tokens stop at once, its refresh tokens never work again
export const DELETE = endpoint(api.revokeConnectedApp, ({ user, params }) => revokeConnectedApp(user, params.id));
