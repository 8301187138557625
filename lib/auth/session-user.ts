import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { cache } from "react";
import { findAccountUser, type AccountUser } from "./accounts";
import { authOptions } from "./options";

// Once per request, however many layouts and pages ask.
export const currentPageUser = cache(async (): Promise<AccountUser | null> => {
  const session = await getServerSession(authOptions());
  return session?.user?.id ? findAccountUser(session.user.id) : null;
});

/** The signed-in user for a page; sends anyone else to sign in and back. */
export async function requirePageUser(returnTo: string): Promise<AccountUser> {
  const user = await currentPageUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}
