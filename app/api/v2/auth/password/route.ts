import { userRoute } from "@/lib/api/handler";
import { parseBody } from "@/lib/api/parse";
import { changePassword } from "@/lib/auth/accounts";
import { changePasswordSchema } from "@/lib/auth/schemas";
import { clientAddress } from "@/lib/net/client-address";

// POST /api/v2/auth/password - change the password; every session and access token of the user ends
export const POST = userRoute(async ({ request, user }) => {
  await changePassword(user, await parseBody(request, changePasswordSchema), clientAddress(request.headers));
  return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
});
