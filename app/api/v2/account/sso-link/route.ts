import { NextResponse } from "next/server";
import { endpoint } from "@/lib/api/handler";
import * as api from "@/lib/api/operations";
import { linkSso, SSO_SIGN_IN_TTL_SECONDS } from "@/lib/auth/sso";
import { ssoStateCookie } from "@/lib/auth/web-session";

// POST /api/v2/account/sso-link - start linking the account to an organization's single sign-on;
// the link in flight rides in the same sealed cookie as a sign-in, and the page goes to redirectTo
export const POST = endpoint(api.linkSso, async ({ user, body }) => {
  const { redirectTo, sealedState } = await linkSso(user, body.email);
  const response = NextResponse.json({ redirectTo: redirectTo.href }, { headers: { "Cache-Control": "no-store" } });
  const cookie = ssoStateCookie(sealedState, SSO_SIGN_IN_TTL_SECONDS);
  response.cookies.set(cookie.name, cookie.value, cookie.options);
  return response;
});
