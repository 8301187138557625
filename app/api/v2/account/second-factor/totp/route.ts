import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { removeTotp, startTotpEnrolment } from "@/lib/auth/second-factor";

// POST /api/v2/account/second-factor/totp - start setting up an authenticator app (a new secret)
export const POST = endpoint(api.startTotp, ({ user }) => startTotpEnrolment(user));

// DELETE /api/v2/account/second-factor/totp - remove it, with a current code or a recovery code
export const DELETE = endpoint(api.removeTotp, ({ user, body }) => removeTotp(user, body.code));
