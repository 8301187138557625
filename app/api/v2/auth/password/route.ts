import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { changePassword } from "@/lib/auth/accounts";
import { clientAddress } from "@/lib/net/client-address";

// POST /api/v2/auth/password - change the password; every session and access token of the user ends
export const POST = endpoint(api.changePassword, ({ request, user, body }) =>
  changePassword(user, body, clientAddress(request.headers)),
);
