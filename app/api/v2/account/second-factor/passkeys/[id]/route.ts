import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { removePasskey } from "@/lib/auth/second-factor";

// DELETE /api/v2/account/second-factor/passkeys/{id} - remove a passkey
export const DELETE = endpoint(api.removePasskey, ({ user, params }) => removePasskey(user, params.id));
