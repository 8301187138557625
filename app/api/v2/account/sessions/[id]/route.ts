import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { endSessionOf } from "@/lib/auth/sessions";

// DELETE /api/v2/account/sessions/{id} - sign out of one session
export const DELETE = endpoint(api.endSession, ({ user, params }) => endSessionOf(user.id, params.id));
