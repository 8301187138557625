import type { RegistrationResponseJSON } from "@simplewebauthn/server";
import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { addPasskey } from "@/lib/auth/second-factor";

// POST /api/v2/account/second-factor/passkeys - add the passkey the browser created (verified against the ticket)
export const POST = endpoint(api.addPasskey, ({ user, body }) =>
  addPasskey(user, { ...body, response: body.response as unknown as RegistrationResponseJSON }),
);
