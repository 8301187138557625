import type { Metadata } from "next";
import { sameOriginPath } from "@/lib/auth/redirect-target";
import { config } from "@/lib/config";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create your account" };

type SearchParams = Promise<{ callbackUrl?: string; invitation?: string }>;

export default async function SignUpPage({ searchParams }: { searchParams: SearchParams }) {
  const { callbackUrl, invitation } = await searchParams;
  // Where to go after signing up; only targets on this app's origin. Through an invitation the
  // account joins that organization at once, so it lands on the organization's page.
  const target = callbackUrl ? sameOriginPath(callbackUrl, config().appUrl) : invitation ? "/organization" : "/tokens";
  return <SignUpForm callbackUrl={target} invitation={typeof invitation === "string" ? invitation : undefined} />;
}
