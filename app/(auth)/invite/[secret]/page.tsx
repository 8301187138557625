import type { Metadata } from "next";
import Link from "next/link";
import { AcceptInvitation } from "@/components/teams/accept-invitation";
import { Alert, Card } from "@/components/ui";
import { currentPageUser } from "@/lib/auth/session-user";
import { describeInvitation } from "@/lib/teams/invitations";

export const metadata: Metadata = { title: "Join an organization" };

const STATUS = {
  accepted: "This invitation has been used already.",
  expired: "This invitation has expired; ask for a new one.",
  revoked: "This invitation was withdrawn.",
} as const;

// GET /invite/{secret} - the link an owner or admin passed on: who invites whom, then sign in or
// sign up as the invited address and accept.
export default async function InvitePage({ params }: { params: Promise<{ secret: string }> }) {
  const { secret } = await params;
  const invitation = await describeInvitation(secret);
  if (!invitation) return <Alert>This invitation link is not valid.</Alert>;
  const here = `/invite/${encodeURIComponent(secret)}`;
  const user = await currentPageUser();
  return (
    <Card className="flex flex-col gap-3">
      <h1 className="text-lg font-semibold">
        Join <span data-testid="invitation-org">{invitation.organization}</span>
      </h1>
      <p className="text-sm text-slate-700">
        An invitation for <strong>{invitation.email}</strong> to join as{" "}
        {invitation.role === "admin" ? "an admin" : "a member"}.
      </p>
      {invitation.status !== "pending" ? (
        <Alert>{STATUS[invitation.status]}</Alert>
      ) : user ? (
        <AcceptInvitation secret={secret} signedInAs={user.email} invitedEmail={invitation.email} />
      ) : (
        <p className="text-sm">
          <Link
            className="font-medium text-indigo-700 underline"
            href={`/signup?invitation=${encodeURIComponent(secret)}`}
          >
            Create an account
          </Link>{" "}
          or{" "}
          <Link
            className="font-medium text-indigo-700 underline"
            href={`/signin?callbackUrl=${encodeURIComponent(here)}`}
          >
            sign in
          </Link>{" "}
          as {invitation.email} to accept.
        </p>
      )}
    </Card>
  );
}
