import type { Metadata } from "next";
import { sameOriginPath } from "@/lib/auth/redirect-target";
import { config } from "@/lib/config";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  // Only targets on this app's origin, so the sign-in page cannot be used as an open redirect.
  return <SignInForm callbackUrl={sameOriginPath(callbackUrl, config().appUrl)} />;
}
