import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { confirmTotp } from "@/lib/auth/second-factor";

// POST /api/v2/account/second-factor/totp/confirm - confirm with a first code; recovery codes shown once
export const POST = endpoint(api.confirmTotp, ({ user, body }) => confirmTotp(user, body.code));
