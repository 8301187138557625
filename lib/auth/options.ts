import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { config } from "../config";
import { clientAddress } from "../net/client-address";
import { authenticateWithPassword } from "./accounts";
import { sameOriginPath } from "./redirect-target";
import { credentialsSchema } from "./schemas";
import {
  activeSession,
  endSession,
  sessionClientOf,
  startSession,
  WEB_SESSION_TTL_SECONDS,
  type SessionClient,
} from "./sessions";

// next-auth v4: its stable line, with a peer range that includes Next 16. Sessions are JWT cookies
// signed with AUTH_SECRET that name a server-side session row (`sid`), checked on every read, so
// signing out or changing the password ends them on the server too.
// Built on first use, not at import, so `next build` never reads or generates secrets.
let cached: NextAuthOptions | undefined;

export function authOptions(): NextAuthOptions {
  process.env.NEXTAUTH_URL ??= config().appUrl;
  cached ??= {
    secret: config().authSecret,
    session: { strategy: "jwt", maxAge: WEB_SESSION_TTL_SECONDS },
    pages: { signIn: "/signin" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
          code: { label: "Code", type: "text" },
          passkey: { label: "Passkey", type: "text" },
        },
        async authorize(credentials, request) {
          const parsed = credentialsSchema.safeParse({
            email: credentials?.email,
            password: credentials?.password,
            code: credentials?.code || undefined,
            passkey: credentials?.passkey || undefined,
          });
          if (!parsed.success) return null;
          const user = await authenticateWithPassword(parsed.data, clientAddress(request.headers));
          // The sign-in's client rides to the `jwt` callback, which opens the session.
          return user && { id: user.id, email: user.email, name: user.name, client: sessionClientOf(request.headers) };
        },
      }),
    ],
    events: {
      signOut: ({ token }) => endSession(token?.sid),
    },
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          const client = (user as { client?: SessionClient }).client;
          const session = await startSession(user.id, "web", WEB_SESSION_TTL_SECONDS, { client });
          return { ...token, uid: user.id, sid: session.id, ssoOrgId: null };
        }
        // Every later read: a cookie whose session has ended carries no user any more, and what the
        // session reaches is its row's, not the cookie's.
        const scope = await activeSession(token.sid, token.uid);
        return scope ? { ...token, ssoOrgId: scope.ssoOrgId } : {};
      },
      redirect({ url, baseUrl }) {
        return new URL(sameOriginPath(url, baseUrl), baseUrl).href;
      },
      session({ session, token }) {
        if (session.user && typeof token.uid === "string") {
          session.user.id = token.uid;
          session.user.ssoOrgId = token.ssoOrgId ?? null;
          session.user.sid = typeof token.sid === "string" ? token.sid : null;
        }
        return session;
      },
    },
  };
  return cached;
}
