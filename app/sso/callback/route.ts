import { getServerSession } from "next-auth";
import { NextResponse, type NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/options";
import { completeSsoSignIn } from "@/lib/auth/sso";
import { sessionClientOf } from "@/lib/auth/sessions";
import { ssoStateCookie, webSessionCookie } from "@/lib/auth/web-session";
import { config } from "@/lib/config";
import { clientAddress } from "@/lib/net/client-address";
import { ssoRefusedRedirect } from "../refused";

// GET /sso/callback - the redirect URI registered at the identity provider: the code redeemed,
// the ID token verified, then a browser session reaching that organization (or, for a link, the
// signed-in person's account linked), or back with the reason.
export async function GET(request: NextRequest) {
  const state = ssoStateCookie("", 0);
  let response: NextResponse;
  const session = await getServerSession(authOptions());
  const signedIn = session?.user?.id ? { userId: session.user.id, ssoOrgId: session.user.ssoOrgId ?? null } : null;
  try {
    const outcome = await completeSsoSignIn(
      request.nextUrl.searchParams,
      request.cookies.get(state.name)?.value ?? null,
      clientAddress(request.headers),
      signedIn,
    );
    response = NextResponse.redirect(new URL(outcome.returnTo ?? "/", config().appUrl), 303);
    if (outcome.kind === "signed_in") {
      const cookie = await webSessionCookie(outcome.user, outcome.orgId, sessionClientOf(request.headers));
      response.cookies.set(cookie.name, cookie.value, cookie.options);
    }
  } catch (error) {
    response = ssoRefusedRedirect(error, null);
  }
  // The sign-in in flight is used once, whatever became of it.
  response.cookies.set(state.name, "", state.options);
  return response;
}
