import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { passkeySignInOptions } from "@/lib/auth/passkeys";

// POST /api/v2/auth/passkey/options - WebAuthn options to sign in with a passkey as the second factor
export const POST = endpoint(api.passkeySignInOptions, () => passkeySignInOptions());
