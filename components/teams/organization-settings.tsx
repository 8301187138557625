"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { calendarDate } from "@/lib/client/format";
import { CopyButton } from "@/components/copy-button";
import { Alert, Button, Card, Field, Select, SelectField, Section, InlineForm } from "@/components/ui";
import { canChangeRoles, canInvite, canRemove, hasRole, managesOrganization, type Role } from "@/lib/auth/roles";
import {
  changeRole,
  createInvitation,
  getPolicy,
  listInvitations,
  listMembers,
  removeMember,
  revokeInvitation,
} from "@/lib/api/operations";
import { callApi, type ResultOf } from "@/lib/client/api";
import { useApiLoad } from "@/lib/client/use-api-load";
import type { Member } from "@/lib/teams/schemas";
import { ActivityPanel } from "./activity-panel";
import { AppApprovals } from "./app-approvals";
import { ApprovalQueue } from "./approval-queue";
import { ServiceAccounts } from "./service-accounts";
import { UpstreamServers } from "./upstream-servers";
import { EnterpriseClients } from "./enterprise-clients";
import { SecondFactorRequirement } from "./second-factor-requirement";
import { SingleSignOn } from "./single-sign-on";
import { TokenPolicyForm } from "./token-policy-form";

type Props = {
  userId: string;
  role: Role;
  /** What the server rendered the page with. */
  initial?: {
    members: ResultOf<typeof listMembers>;
    invitations?: ResultOf<typeof listInvitations>;
    policy: ResultOf<typeof getPolicy>;
  };
};

const ROLE_EFFECT: Record<Role, string> = {
  owner: "Owners change the token policy and roles, and remove anyone.",
  admin: "Admins invite people, see every token and connected app, approve tokens and read the audit log.",
  member: "Members manage their own tokens within the organization's policy.",
};

/** The page's sections, to jump to: everyone's, then those of owners and admins (in page order). */
const SECTIONS = [
  { id: "members-heading", label: "Members" },
  { id: "token-policy-heading", label: "Token policy" },
];
const MANAGER_SECTIONS = [
  { id: "app-approvals-heading", label: "Apps" },
  { id: "service-accounts-heading", label: "Service accounts" },
  { id: "activity-heading", label: "Unusual activity" },
  { id: "second-factor-requirement-heading", label: "Two-factor sign-in" },
  { id: "sso-heading", label: "Single sign-on" },
  { id: "enterprise-clients-heading", label: "Enterprise-managed apps" },
  { id: "upstream-servers-heading", label: "Your MCP servers" },
];

const ROLES = [
  { value: "owner", label: "Owner" },
  { value: "admin", label: "Admin" },
  { value: "member", label: "Member" },
] as const;
const INVITED_ROLES = ROLES.slice(1);

export function OrganizationSettings({ userId, role, initial }: Props) {
  const router = useRouter();
  const me = { id: userId, role };
  // The person's role, decided once (lib/auth/roles.ts): the sections below follow it.
  const manager = managesOrganization(me);
  const owner = hasRole(me, "owner");
  const memberList = useApiLoad(listMembers, {}, { initial: initial?.members });
  const invitationList = useApiLoad(listInvitations, manager ? {} : null, { initial: initial?.invitations });
  const { error, setError } = memberList;
  const members = memberList.data?.members ?? null;
  const owners = members?.filter((member) => member.role === "owner").length ?? 0;
  const invitations = (invitationList.data?.invitations ?? []).filter((invitation) => invitation.status === "pending");
  const [link, setLink] = useState<{ url: string; email: string } | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);
  const load = () => {
    memberList.reload();
    invitationList.reload();
  };

  async function onInvite(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const body = {
      email: String(form.get("email") ?? ""),
      role: String(form.get("role") ?? "member") as "admin" | "member",
    };
    const result = await callApi(createInvitation, { body });
    if (!result.ok) return setError(result.fields?.email?.[0] ?? result.message);
    setError(null);
    formElement.reset();
    setLink({ url: result.data.url, email: result.data.email });
    load();
  }

  // Role changes and withdrawn invitations take effect at once, so each is confirmed first.
  const [changing, setChanging] = useState<{ member: Member; role: Role } | null>(null);
  const [withdrawing, setWithdrawing] = useState<{ id: string; email: string } | null>(null);

  return (
    <div className="flex flex-col gap-4">
      <nav aria-label="On this page">
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          {[...SECTIONS, ...(manager ? MANAGER_SECTIONS : [])].map((section) => (
            <li key={section.id}>
              <a href={`#${section.id}`} className="text-indigo-700 underline">
                {section.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {error && <Alert>{error}</Alert>}
      {canInvite(me, "member") && (
        <Card>
          <InlineForm label="Invite someone" onSubmit={onInvite}>
            <Field label="E-mail address" name="email" type="email" required className="min-w-64 flex-1" />
            <SelectField label="Role" name="role" id="invite-role" defaultValue="member" options={INVITED_ROLES} />
            <Button type="submit">Create invitation link</Button>
          </InlineForm>
          {link && (
            <div className="mt-4 flex flex-col gap-2" role="status">
              <p className="text-sm">
                Send this link to <strong>{link.email}</strong>. It works once, for seven days, and is not shown again.
              </p>
              <div className="flex flex-wrap items-center gap-2">
                <input
                  readOnly
                  aria-label="Invitation link"
                  value={link.url}
                  className="min-w-0 flex-1 rounded-md border border-slate-300 px-2 py-1.5 font-mono text-xs"
                />
                <CopyButton text={link.url} label="Copy link" />
                <Button variant="ghost" onClick={() => setLink(null)}>
                  Done
                </Button>
              </div>
            </div>
          )}
        </Card>
      )}

      {manager && members && (
        <ApprovalQueue members={new Map(members.map((member) => [member.userId, member.email]))} />
      )}

      <Section id="members-heading" title="Members">
        {members === null && !error && <p className="text-sm text-slate-500">Loading members…</p>}
        <ul className="flex flex-col gap-2">
          {members?.map((member) => (
            <li key={member.userId} data-testid="member">
              <Card className="flex flex-wrap items-center justify-between gap-2">
                <div className="min-w-0">
                  <p className="truncate font-medium">{member.name ?? member.email}</p>
                  <p className="truncate text-xs text-slate-500">
                    {member.email}
                    {member.userId === userId && " · you"}
                  </p>
                </div>
                <div className="flex items-center gap-2">
                  {canChangeRoles(me) ? (
                    <Select
                      aria-label={`Role of ${member.email}`}
                      value={member.role}
                      onChange={(event) => setChanging({ member, role: event.target.value as Role })}
                      options={ROLES}
                    />
                  ) : (
                    <span className="text-sm capitalize text-slate-600">{member.role}</span>
                  )}
                  {canRemove(me, member) &&
                    (member.role === "owner" && owners === 1 ? (
                      // Said before the click: the server would refuse it (an organization keeps an owner).
                      <>
                        <span id={`sole-owner-${member.userId}`} className="text-xs text-slate-600">
                          The only owner: make someone else owner first.
                        </span>
                        <Button variant="secondary" disabled aria-describedby={`sole-owner-${member.userId}`}>
                          {member.userId === userId ? "Leave" : "Remove"}
                        </Button>
                      </>
                    ) : (
                      <Button variant="secondary" onClick={() => setRemoving(member)}>
                        {member.userId === userId ? "Leave" : "Remove"}
                      </Button>
                    ))}
                </div>
              </Card>
            </li>
          ))}
        </ul>
      </Section>

      {invitations.length > 0 && (
        <Section id="invitations-heading" title="Pending invitations">
          <ul className="flex flex-col gap-2">
            {invitations.map((invitation) => (
              <li
                key={invitation.id}
                className="flex items-center justify-between gap-2 text-sm"
                data-testid="invitation"
              >
                <span suppressHydrationWarning>
                  {invitation.email} · {invitation.role} · expires {calendarDate(invitation.expiresAt)}
                </span>
                <Button
                  variant="ghost"
                  onClick={() => setWithdrawing(invitation)}
                  aria-label={`Revoke the invitation of ${invitation.email}`}
                >
                  Revoke
                </Button>
              </li>
            ))}
          </ul>
        </Section>
      )}

      <TokenPolicyForm editable={owner} initial={initial?.policy} />

      {/* What owners and admins manage; owners change what only they may. */}
      {manager && (
        <>
          <AppApprovals />
          <ServiceAccounts />
          <ActivityPanel owner={owner} />
          {/* Sign-in settings last: they load after the page, and a section growing above another
              form would move that form under the pointer. */}
          <SecondFactorRequirement editable={owner} />
          <SingleSignOn editable={owner} />
          <EnterpriseClients editable={owner} />
          <UpstreamServers />
        </>
      )}

      {changing && (
        <ConfirmDialog
          title={`Make ${changing.member.email} ${changing.role === "admin" ? "an admin" : `a${changing.role === "owner" ? "n" : ""} ${changing.role}`}?`}
          confirmLabel="Change role"
          tone="primary"
          action={() =>
            callApi(changeRole, { params: { userId: changing.member.userId }, body: { role: changing.role } })
          }
          onDone={() => {
            setChanging(null);
            load();
          }}
          onCancel={() => setChanging(null)}
        >
          {ROLE_EFFECT[changing.role]} It takes effect at once.
        </ConfirmDialog>
      )}
      {withdrawing && (
        <ConfirmDialog
          title={`Revoke the invitation of ${withdrawing.email}?`}
          confirmLabel="Revoke invitation"
          tone="danger"
          action={() => callApi(revokeInvitation, { params: { id: withdrawing.id } })}
          onDone={() => {
            setWithdrawing(null);
            load();
          }}
          onCancel={() => setWithdrawing(null)}
        >
          The link stops working at once; to invite them again, make a new one.
        </ConfirmDialog>
      )}
      {removing && (
        <ConfirmDialog
          title={removing.userId === userId ? "Leave this organization?" : `Remove ${removing.email}?`}
          confirmLabel={removing.userId === userId ? "Leave" : "Remove member"}
          tone="danger"
          action={() => callApi(removeMember, { params: { userId: removing.userId } })}
          onDone={() => {
            const left = removing.userId === userId;
            setRemoving(null);
            if (left) {
              router.push("/tokens");
              router.refresh();
            } else load();
          }}
          onCancel={() => setRemoving(null)}
        >
          Every token and connected app {removing.userId === userId ? "you hold" : "they hold"} in this organization is
          revoked at once.
        </ConfirmDialog>
      )}
    </div>
  );
}
