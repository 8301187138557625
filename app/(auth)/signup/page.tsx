import type { Metadata } from "next";
import { sameOriginPath } from "@/lib/auth/redirect-target";
import { config } from "@/lib/config";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create your account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  // Where to go after signing up (an invitation link); only targets on this app's origin.
  return <SignUpForm callbackUrl={callbackUrl ? sameOriginPath(callbackUrl, config().appUrl) : "/tokens"} />;
}
