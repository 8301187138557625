import type { Metadata } from "next";
import { SingleSignOnLink } from "@/components/account/single-sign-on-link";
import { SecondFactorSettings } from "@/components/account/second-factor-settings";
import { PasswordForm } from "@/components/account/password-form";
import { NameForm } from "@/components/account/name-form";
import { Sessions } from "@/components/account/sessions";
import { ACCOUNT_PAGE, requirePageUser } from "@/lib/auth/session-user";
import { ssoRefusalMessage } from "@/lib/auth/sso-reasons";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage({
  searchParams,
}: {
  searchParams: Promise<{ sso?: string; linked?: string }>;
}) {
  const user = await requirePageUser(ACCOUNT_PAGE);
  const { sso, linked } = await searchParams;
  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-2xl font-semibold">Account</h1>
        <p className="mt-1 text-sm text-slate-600">{user.email}</p>
      </div>
      <NameForm name={user.name} />
      {/* A person who signs in through their organization's provider has no password here to change. */}
      {!user.ssoOrgId && <PasswordForm />}
      <SecondFactorSettings />
      <Sessions />
      {/* Linking is for a sign-in with the person's own credentials (lib/auth/sso.ts linkSso). */}
      {!user.ssoOrgId && <SingleSignOnLink linked={linked === "sso"} refusal={ssoRefusalMessage(sso)} />}
    </div>
  );
}
