import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { sameOriginPath } from "@/lib/auth/redirect-target";
import { currentPageUser } from "@/lib/auth/session-user";
import { ssoRefusalMessage } from "@/lib/auth/sso-reasons";
import { config } from "@/lib/config";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; sso?: string; changed?: string }>;
}) {
  const { callbackUrl, sso, changed } = await searchParams;
  // Only targets on this app's origin, so the sign-in page cannot be used as an open redirect.
  const target = sameOriginPath(callbackUrl, config().appUrl);
  // Someone already signed in goes where they were headed instead of seeing the form again.
  if (await currentPageUser()) redirect(target);
  // After a single sign-on that did not sign in: the reason's sentence, never text from the address.
  return (
    <SignInForm
      callbackUrl={target}
      ssoError={ssoRefusalMessage(sso)}
      notice={changed === "password" ? "Your password was changed: sign in with the new one." : null}
    />
  );
}
