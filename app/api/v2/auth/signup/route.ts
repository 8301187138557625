import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { signUp } from "@/lib/auth/accounts";
import { clientAddress } from "@/lib/net/client-address";
import { joinOnSignUp } from "@/lib/teams/invitations";

// POST /api/v2/auth/signup - create an account and its organization, or join the one an invitation names
export const POST = endpoint(api.signUp, async ({ request, body }) => {
  const { invitation, ...input } = body;
  const join = invitation ? await joinOnSignUp(invitation, input.email, clientAddress(request.headers)) : undefined;
  return signUp(input, join);
});
