"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert, Button } from "@/components/ui";
import { acceptInvitation } from "@/lib/api/operations";
import { callApi } from "@/lib/client/api";

export function AcceptInvitation({
  secret,
  signedInAs,
  invitedEmail,
}: {
  /** The invitation link's secret. */
  secret: string;
  signedInAs: string;
  invitedEmail: string;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function accept() {
    setPending(true);
    const result = await callApi(acceptInvitation, { body: { secret } });
    if (result.ok) {
      router.push("/organization");
      router.refresh();
      return;
    }
    setPending(false);
    setError(result.message);
  }

  return (
    <div className="flex flex-col gap-3">
      {signedInAs !== invitedEmail && (
        <Alert tone="warning">
          You are signed in as {signedInAs}; only {invitedEmail} can accept this invitation.
        </Alert>
      )}
      {error && <Alert>{error}</Alert>}
      <div>
        <Button onClick={accept} disabled={pending}>
          Accept and join
        </Button>
      </div>
    </div>
  );
}
