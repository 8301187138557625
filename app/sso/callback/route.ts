import { NextResponse, type NextRequest } from "next/server";
import { completeSsoSignIn } from "@/lib/auth/sso";
import { ssoStateCookie, webSessionCookie } from "@/lib/auth/web-session";
import { config } from "@/lib/config";
import { clientAddress } from "@/lib/net/client-address";
import { ssoRefusedRedirect } from "../refused";

// GET /sso/callback - the redirect URI registered at the identity provider: the code redeemed,
// the ID token verified, then a browser session, or back to the sign-in page with the reason.
export async function GET(request: NextRequest) {
  const state = ssoStateCookie("", 0);
  let response: NextResponse;
  try {
    const { user, returnTo } = await completeSsoSignIn(
      request.nextUrl.searchParams,
      request.cookies.get(state.name)?.value ?? null,
      clientAddress(request.headers),
    );
    response = NextResponse.redirect(new URL(returnTo ?? "/", config().appUrl), 303);
    const session = await webSessionCookie(user);
    response.cookies.set(session.name, session.value, session.options);
  } catch (error) {
    response = ssoRefusedRedirect(error, null);
  }
  // The sign-in in flight is used once, whatever became of it.
  response.cookies.set(state.name, "", state.options);
  return response;
}
