"use client";

import { useState } from "react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Alert, Button, Card, Section } from "@/components/ui";
import { getSecondFactorRequirement, resetSecondFactor, setSecondFactorRequirement } from "@/lib/api/operations";
import { callApi } from "@/lib/client/api";
import { useApiLoad } from "@/lib/client/use-api-load";

/**
 * Whether every member signs in with a second factor, who has one, and (owners) the reset of a
 * member's lost one: their sessions end and they set up a new one at their next sign-in.
 */
export function SecondFactorRequirement({ editable }: { editable: boolean }) {
  const { data: requirement, setData: setRequirement, error, setError } = useApiLoad(getSecondFactorRequirement, {});
  // Requiring it while some members have none, and resetting one, take effect at once: confirmed first.
  const [confirming, setConfirming] = useState<"require" | { userId: string; email: string } | null>(null);
  const without = requirement?.members.filter((member) => !member.secondFactor) ?? [];

  async function change(required: boolean) {
    const before = requirement;
    // The box follows the click at once, and goes back if the change is refused.
    setRequirement((current) => ({ ...current, required }));
    const result = await callApi(setSecondFactorRequirement, { body: { required } });
    if (!result.ok) {
      if (before) setRequirement(before);
      return setError(result.message);
    }
    setError(null);
    setRequirement(result.data);
  }

  // Either confirmation answers with the requirement as it now is.
  function confirmed(data: NonNullable<typeof requirement>) {
    setConfirming(null);
    setError(null);
    setRequirement(data);
  }

  if (!requirement) return error ? <Alert>{error}</Alert> : null;
  return (
    <Card>
      <Section id="second-factor-requirement-heading" title="Two-factor sign-in" gap={3}>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={requirement.required}
            disabled={!editable}
            onChange={(event) => {
              if (event.target.checked && without.length > 0) setConfirming("require");
              else void change(event.target.checked);
            }}
          />
          Require a second factor of every member (members without one can only set one up until they do)
        </label>
        {error && <Alert>{error}</Alert>}
        <ul aria-label="Members' second factors" className="flex flex-col gap-1 text-sm">
          {requirement.members.map((member) => (
            <li key={member.userId} className="flex flex-wrap items-center justify-between gap-2">
              <span>
                {member.email} · {member.secondFactor ? "authenticator app" : "no second factor"}
              </span>
              {editable && member.secondFactor && (
                <Button
                  variant="secondary"
                  onClick={() => setConfirming(member)}
                  aria-label={`Reset the second factor of ${member.email}`}
                >
                  Reset
                </Button>
              )}
            </li>
          ))}
        </ul>
      </Section>
      {confirming === "require" && (
        <ConfirmDialog
          title="Require a second factor of every member?"
          confirmLabel="Require it"
          tone="primary"
          action={() => callApi(setSecondFactorRequirement, { body: { required: true } })}
          onDone={confirmed}
          onCancel={() => setConfirming(null)}
        >
          <p>
            {without.length === 1 ? "One member has" : `${without.length} members have`} no second factor yet:{" "}
            {without.map((member) => member.email).join(", ")}. From now on they can only set one up when they sign in,
            and reach nothing else until they do.
          </p>
        </ConfirmDialog>
      )}
      {confirming && confirming !== "require" && (
        <ConfirmDialog
          title={`Reset the second factor of ${confirming.email}?`}
          confirmLabel="Reset second factor"
          tone="danger"
          action={() => callApi(resetSecondFactor, { params: { userId: confirming.userId } })}
          onDone={confirmed}
          onCancel={() => setConfirming(null)}
        >
          <p>Their sessions end at once, and they set up a new second factor at their next sign-in.</p>
        </ConfirmDialog>
      )}
    </Card>
  );
}
