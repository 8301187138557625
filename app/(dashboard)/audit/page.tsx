import type { Metadata } from "next";
import { AuditLog } from "@/components/audit/audit-log";
import { Alert } from "@/components/ui";
import { managesOrganization } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session-user";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage() {
  const user = await requirePageUser("/audit");
  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-2xl font-semibold">Audit log</h1>
        <p className="mt-1 text-sm text-slate-600">
          Every token, connected app and sign-in event of your organization: who, what, when and from which address.
        </p>
      </div>
      {managesOrganization(user) ? (
        <AuditLog />
      ) : (
        <Alert>Only organization owners and admins can read the audit log.</Alert>
      )}
    </div>
  );
}
