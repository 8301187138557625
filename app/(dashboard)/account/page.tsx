import type { Metadata } from "next";
import { SecondFactorSettings } from "@/components/account/second-factor-settings";
import { ACCOUNT_PAGE, requirePageUser } from "@/lib/auth/session-user";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const user = await requirePageUser(ACCOUNT_PAGE);
  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-2xl font-semibold">Account</h1>
        <p className="mt-1 text-sm text-slate-600">{user.email}</p>
      </div>
      <SecondFactorSettings />
    </div>
  );
}
