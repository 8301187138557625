import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { cache } from "react";
import { findAccountUser, type AccountUser } from "./accounts";
import { authOptions } from "./options";
import { secondFactorNeeded } from "./second-factor";

export const ACCOUNT_PAGE = "/account";

// Once per request, however many layouts and pages ask.
export const currentPageUser = cache(async (): Promise<AccountUser | null> => {
  const session = await getServerSession(authOptions());
  return session?.user?.id ? findAccountUser(session.user.id, session.user.ssoOrgId ?? null) : null;
});

/**
 * The signed-in user for a page; sends anyone else to sign in and back, and someone whose
 * organization (the one they act in) requires a second factor they have not set up to their
 * Account page first.
 */
export async function requirePageUser(returnTo: string): Promise<AccountUser> {
  const user = await currentPageUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  if (returnTo !== ACCOUNT_PAGE && (await secondFactorNeeded(user))) redirect(ACCOUNT_PAGE);
  return user;
}
