import "next-auth";

declare module "next-auth" {
  interface Session {
    user?: {
      id?: string;
      name?: string | null;
      email?: string | null;
      image?: string | null;
      /** The organization whose identity provider opened this session; null for the person's own credentials. */
      ssoOrgId?: string | null;
      /** The server-side session this browser signs in with (not a credential: the cookie is). */
      sid?: string | null;
    };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    /** Read from the session's row on every request, never trusted from the cookie alone. */
    ssoOrgId?: string | null;
  }
}
