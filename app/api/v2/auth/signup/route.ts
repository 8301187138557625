import { json, route } from "@/lib/api/handler";
import { parseBody } from "@/lib/api/parse";
import { signUp } from "@/lib/auth/accounts";
import { signupResponseSchema, signupSchema } from "@/lib/auth/schemas";

// POST /api/v2/auth/signup - create an account and its organization
export const POST = route(async ({ request }) => {
  const input = await parseBody(request, signupSchema);
  return json(signupResponseSchema, await signUp(input), 201);
});
