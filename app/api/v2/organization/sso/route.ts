import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { configureSso, removeSso, ssoSettings } from "@/lib/auth/sso";

// GET /api/v2/organization/sso - the single sign-on settings and the redirect URI to register (owners and admins)
export const GET = endpoint(api.getSso, ({ user }) => ssoSettings(user));

// PUT /api/v2/organization/sso - set up or change the identity provider (owners)
export const PUT = endpoint(api.setSso, ({ user, body }) => configureSso(user, body));

// DELETE /api/v2/organization/sso - remove it (owners)
export const DELETE = endpoint(api.removeSso, ({ user }) => removeSso(user));
