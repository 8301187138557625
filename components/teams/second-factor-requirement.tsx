"use client";

import { useState } from "react";
import { Alert, Button, Card } from "@/components/ui";
import type { SecondFactorRequirement as Requirement } from "@/lib/auth/schemas";
import { apiFetch } from "@/lib/client/api";
import { useApiLoad } from "@/lib/client/use-api-load";

const PATH = "/api/v2/organization/second-factor";

/**
 * Whether every member signs in with a second factor, who has one, and (owners) the reset of a
 * member's lost one: their sessions end and they set up a new one at their next sign-in.
 */
export function SecondFactorRequirement({ editable }: { editable: boolean }) {
  const { data: requirement, setData: setRequirement, error, setError } = useApiLoad<Requirement>(PATH);

  async function change(required: boolean) {
    const before = requirement;
    // The box follows the click at once, and goes back if the change is refused.
    setRequirement((current) => current && { ...current, required });
    const result = await apiFetch<Requirement>(PATH, { method: "PUT", body: { required } });
    if (!result.ok) {
      setRequirement(before);
      return setError(result.message);
    }
    setError(null);
    setRequirement(result.data);
  }

  async function reset(userId: string) {
    const result = await apiFetch<Requirement>(
      `/api/v2/organization/members/${encodeURIComponent(userId)}/second-factor/reset`,
      { method: "POST" },
    );
    if (!result.ok) return setError(result.message);
    setError(null);
    setRequirement(result.data);
  }

  if (!requirement) return error ? <Alert>{error}</Alert> : null;
  return (
    <Card>
      <section aria-labelledby="second-factor-requirement-heading" className="flex flex-col gap-3">
        <h2 id="second-factor-requirement-heading" className="text-base font-semibold">
          Two-factor sign-in
        </h2>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={requirement.required}
            disabled={!editable}
            onChange={(event) => change(event.target.checked)}
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
                  onClick={() => reset(member.userId)}
                  aria-label={`Reset the second factor of ${member.email}`}
                >
                  Reset
                </Button>
              )}
            </li>
          ))}
        </ul>
      </section>
    </Card>
  );
}
