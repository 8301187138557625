import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { endOtherSessions, listSessions } from "@/lib/auth/sessions";

// GET /api/v2/account/sessions - the browsers and user access tokens one is signed in with
export const GET = endpoint(api.listSessions, async ({ user }) => ({
  sessions: await listSessions(user.id, user.sessionId),
}));

// DELETE /api/v2/account/sessions - sign out everywhere else
export const DELETE = endpoint(api.endOtherSessions, async ({ user }) => ({
  ended: await endOtherSessions(user.id, user.sessionId),
}));
