import { NextResponse, type NextRequest } from "next/server";
import { sameOriginPath } from "@/lib/auth/redirect-target";
import { beginSsoSignIn, SSO_SIGN_IN_TTL_SECONDS } from "@/lib/auth/sso";
import { ssoStateCookie } from "@/lib/auth/web-session";
import { config } from "@/lib/config";
import { ssoRefusedRedirect } from "../refused";

// GET /sso/start?email=&callbackUrl= - the sign-in page's "Sign in with SSO": to the identity
// provider of the e-mail address's organization, with the sign-in's state in a sealed cookie.
export async function GET(request: NextRequest) {
  const query = request.nextUrl.searchParams;
  const returnTo = sameOriginPath(query.get("callbackUrl"), config().appUrl);
  try {
    const { redirectTo, sealedState } = await beginSsoSignIn(query.get("email") ?? "", returnTo);
    const response = NextResponse.redirect(redirectTo, 303);
    const cookie = ssoStateCookie(sealedState, SSO_SIGN_IN_TTL_SECONDS);
    response.cookies.set(cookie.name, cookie.value, cookie.options);
    return response;
  } catch (error) {
    return ssoRefusedRedirect(error, returnTo);
  }
}
