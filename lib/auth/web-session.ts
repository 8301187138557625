import { encode } from "next-auth/jwt";
import { config } from "../config";
import { startSession, WEB_SESSION_TTL_SECONDS, type SessionClient } from "./sessions";

// A browser session started outside next-auth's own providers (single sign-on's callback): the
// same cookie next-auth v4 writes (its name, its encryption under AUTH_SECRET, the same claims
// its `jwt` callback puts there), naming a new server-side session row like every other sign-in.

export type Cookie = {
  name: string;
  value: string;
  options: { httpOnly: true; sameSite: "lax"; path: string; secure: boolean; maxAge: number };
};

const secureCookies = () => config().appUrl.startsWith("https://");

/** A session opened through `ssoOrgId`'s identity provider: it reaches that organization only. */
export async function webSessionCookie(
  user: { id: string; email: string; name: string | null },
  ssoOrgId: string,
  client: SessionClient,
): Promise<Cookie> {
  const session = await startSession(user.id, "web", WEB_SESSION_TTL_SECONDS, { ssoOrgId, client });
  const value = await encode({
    token: { sub: user.id, email: user.email, name: user.name, uid: user.id, sid: session.id },
    secret: config().authSecret,
    maxAge: WEB_SESSION_TTL_SECONDS,
  });
  const secure = secureCookies();
  return {
    name: `${secure ? "__Secure-" : ""}next-auth.session-token`,
    value,
    options: { httpOnly: true, sameSite: "lax", path: "/", secure, maxAge: WEB_SESSION_TTL_SECONDS },
  };
}

/** The cookie that carries a single sign-on in flight from /sso/start to /sso/callback. */
export function ssoStateCookie(value: string, maxAge: number): Cookie {
  return {
    name: "keyway.sso",
    value,
    options: { httpOnly: true, sameSite: "lax", path: "/sso", secure: secureCookies(), maxAge },
  };
}
