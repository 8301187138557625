import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { passkeyRegistrationOptions } from "@/lib/auth/passkeys";

// POST /api/v2/account/second-factor/passkeys/options - WebAuthn options to create a passkey, and the ticket
export const POST = endpoint(api.passkeyRegistrationOptions, ({ user }) => passkeyRegistrationOptions(user));
