import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { findAccountUser, type AccountUser } from "./accounts";
import { authOptions } from "./options";

/** The signed-in user for a page; sends anyone else to sign in and back. */
export async function requirePageUser(returnTo: string): Promise<AccountUser> {
  const session = await getServerSession(authOptions());
  const user = session?.user?.id ? await findAccountUser(session.user.id) : null;
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}
