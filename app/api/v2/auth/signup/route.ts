import { json, route } from "@/lib/api/handler";
import { parseBody } from "@/lib/api/parse";
import { signUp } from "@/lib/auth/accounts";
import { signupResponseSchema, signupSchema } from "@/lib/auth/schemas";
import { clientAddress } from "@/lib/net/client-address";
import { joinOnSignUp } from "@/lib/teams/invitations";

// POST /api/v2/auth/signup - create an account and its organization, or join the one an invitation names
export const POST = route(async ({ request }) => {
  const { invitation, ...input } = await parseBody(request, signupSchema);
  const join = invitation ? await joinOnSignUp(invitation, input.email, clientAddress(request.headers)) : undefined;
  return json(signupResponseSchema, await signUp(input, join), 201);
});
