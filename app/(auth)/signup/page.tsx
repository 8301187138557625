import type { Metadata } from "next";
import { sameOriginPath } from "@/lib/auth/redirect-target";
import { config } from "@/lib/config";
import { describeInvitation } from "@/lib/teams/invitations";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create your account" };

type SearchParams = Promise<{ callbackUrl?: string; invitation?: string }>;

export default async function SignUpPage({ searchParams }: { searchParams: SearchParams }) {
  const { callbackUrl, invitation } = await searchParams;
  // Where to go after signing up; only targets on this app's origin. Through an invitation the
  // account joins that organization at once, so it lands on the organization's page.
  const target = callbackUrl ? sameOriginPath(callbackUrl, config().appUrl) : invitation ? "/organization" : "/tokens";
  const secret = typeof invitation === "string" ? invitation : undefined;
  // Through an invitation, the form names the organization and starts from the invited address.
  const invited = secret ? await describeInvitation(secret) : null;
  return (
    <SignUpForm
      callbackUrl={target}
      invitation={secret}
      invited={invited?.status === "pending" ? { email: invited.email, organization: invited.organization } : undefined}
    />
  );
}
