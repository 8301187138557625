import type { Metadata } from "next";
import { OrganizationSettings } from "@/components/teams/organization-settings";
import { requirePageUser } from "@/lib/auth/session-user";
import { managesOrganization } from "@/lib/auth/roles";
import { listInvitations } from "@/lib/teams/invitations";
import { listMembers, organizationName } from "@/lib/teams/members";
import { tokenPolicy } from "@/lib/tokens/policy";

export const metadata: Metadata = { title: "Organization" };

export default async function OrganizationPage() {
  const user = await requirePageUser("/organization");
  // The people and the policy come with the page (no load after it appears); the managers'
  // sections below load their own.
  const [members, invitations, policy] = await Promise.all([
    listMembers(user),
    managesOrganization(user) ? listInvitations(user) : undefined,
    tokenPolicy(user.orgId),
  ]);
  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-2xl font-semibold">Organization</h1>
        <p className="mt-1 text-lg font-medium" data-testid="organization-name">
          {await organizationName(user.orgId)}
        </p>
        <p className="mt-1 text-sm text-slate-600">
          Members share the organization&apos;s tasks, agents and context. Owners and admins invite people, see every
          token and connected app, manage service accounts for automation, and read the audit log.
        </p>
      </div>
      <OrganizationSettings userId={user.id} role={user.role} initial={{ members, invitations, policy }} />
    </div>
  );
}
