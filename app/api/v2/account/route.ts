import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { renameAccount } from "@/lib/auth/accounts";

// PATCH /api/v2/account - change one's own name
export const PATCH = endpoint(api.updateAccount, ({ user, body }) => renameAccount(user, body.name));
