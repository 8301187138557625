import { DomainError } from "@/lib/errors";
import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { authenticateWithPassword } from "@/lib/auth/accounts";
import { sessionClientOf } from "@/lib/auth/sessions";
import { issueUserAccessToken } from "@/lib/auth/user-access-token";
import { clientAddress } from "@/lib/net/client-address";

// POST /api/v2/auth/token - exchange email and password for a one-hour user access token
export const POST = endpoint(api.issueAccessToken, async ({ request, body }) => {
  const user = await authenticateWithPassword(body, clientAddress(request.headers));
  if (!user) throw new DomainError("invalid_credentials", "The email or password is incorrect.");
  return issueUserAccessToken(user, sessionClientOf(request.headers));
});
