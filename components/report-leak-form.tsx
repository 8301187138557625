"use client";

import { useState, type FormEvent } from "react";
import { Alert, Button, Card, TextAreaField } from "@/components/ui";
import { reportLeak } from "@/lib/api/operations";
import { callApi } from "@/lib/client/api";

/**
 * Report a Keyway secret found in a repository, a paste or a log: holding it is proof enough, so
 * it stops at once and its organization's owners are told. Nothing about whose it was is shown.
 */
export function ReportLeakForm() {
  const [outcome, setOutcome] = useState<{ ended: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setPending(true);
    const result = await callApi(reportLeak, { body: { token: String(new FormData(form).get("token") ?? "").trim() } });
    setPending(false);
    if (!result.ok) return setError(result.message);
    setError(null);
    setOutcome(result.data);
    // The secret leaves the page with its answer.
    form.reset();
  }

  return (
    <Card>
      <form onSubmit={onSubmit} aria-label="Report a leaked secret" className="flex flex-col gap-3">
        <h1 className="text-lg font-semibold">Report a leaked secret</h1>
        <p className="text-sm text-slate-600">
          Found a Keyway token or secret in a repository, a paste or a log? Paste it here: it stops working at once and
          its owners are told. You need no account.
        </p>
        <TextAreaField id="leaked-secret" label="The secret" name="token" required maxLength={4096} rows={4} />
        <Button type="submit" disabled={pending}>
          {pending ? "Stopping it…" : "Stop this secret"}
        </Button>
      </form>
      {error && <Alert>{error}</Alert>}
      {outcome && (
        <Alert tone={outcome.ended ? "success" : "info"}>
          {outcome.ended
            ? "Thank you: it was a Keyway secret, and it no longer works."
            : "This is not a secret of this Keyway, so nothing was changed here."}
        </Alert>
      )}
    </Card>
  );
}
