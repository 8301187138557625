import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { config } from "../config";
import { authenticate } from "./accounts";
import { credentialsSchema } from "./schemas";

// next-auth v4: its stable line, with a peer range that includes Next 16. Sessions are JWT cookies
// signed with AUTH_SECRET, so no session table is needed and any instance can read them.
// Built on first use, not at import, so `next build` never reads or generates secrets.
let cached: NextAuthOptions | undefined;

export function authOptions(): NextAuthOptions {
  process.env.NEXTAUTH_URL ??= config().appUrl;
  cached ??= {
    secret: config().authSecret,
    session: { strategy: "jwt", maxAge: 7 * 24 * 3600 },
    pages: { signIn: "/signin" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials) {
          const parsed = credentialsSchema.safeParse({ email: credentials?.email, password: credentials?.password });
          if (!parsed.success) return null;
          const user = await authenticate(parsed.data);
          return user && { id: user.id, email: user.email, name: user.name };
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) token.uid = user.id;
        return token;
      },
      session({ session, token }) {
        if (session.user && typeof token.uid === "string") session.user.id = token.uid;
        return session;
      },
    },
  };
  return cached;
}
