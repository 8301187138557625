import { DomainError } from "@/lib/errors";
import { json, route } from "@/lib/api/handler";
import { parseBody } from "@/lib/api/parse";
import { authenticateWithPassword } from "@/lib/auth/accounts";
import { issueUserAccessToken } from "@/lib/auth/access-token";
import { accessTokenResponseSchema, credentialsSchema } from "@/lib/auth/schemas";
import { clientAddress } from "@/lib/net/client-address";

// POST /api/v2/auth/token - exchange email and password for a one-hour user access token
export const POST = route(async ({ request }) => {
  const user = await authenticateWithPassword(
    await parseBody(request, credentialsSchema),
    clientAddress(request.headers),
  );
  if (!user) throw new DomainError("invalid_credentials", "The email or password is incorrect.");
  return json(accessTokenResponseSchema, await issueUserAccessToken(user));
});
