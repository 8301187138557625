"use client";

import { Alert, Button, Card, ChipList, Section } from "@/components/ui";
import { approveApp, listAppApprovals, withdrawAppApproval } from "@/lib/api/operations";
import { callApi } from "@/lib/client/api";
import { useApiLoad } from "@/lib/client/use-api-load";
import { calendarDate } from "@/lib/client/format";
import type { AppApprovalView } from "@/lib/oauth/schemas";

/**
 * OAuth apps members asked to connect (when the policy allows approved apps only) and the apps
 * approved so far: approve a request, or deny it / withdraw an approval, which revokes the app's
 * grants in the organization at once.
 */
export function AppApprovals() {
  const loaded = useApiLoad(listAppApprovals, {});
  const { error, setError, reload } = loaded;
  const approvals = loaded.data?.approvals ?? [];

  async function act(approval: AppApprovalView, approve: boolean) {
    const params = { id: approval.id };
    const result = await (approve ? callApi(approveApp, { params }) : callApi(withdrawAppApproval, { params }));
    if (!result.ok) setError(result.message);
    reload();
  }

  return (
    <Section id="app-approvals-heading" title="Apps">
      {error && <Alert>{error}</Alert>}
      {approvals.length === 0 && <p className="text-sm text-slate-500">No app has been asked for or approved.</p>}
      {approvals.map((approval) => (
        <Card key={approval.id}>
          <div data-testid="app-approval" className="flex flex-col gap-2">
            <p className="font-medium">
              {approval.clientName}{" "}
              <span className="text-sm font-normal text-slate-500">
                sends you back to {approval.redirectHost} ·{" "}
                {approval.status === "approved"
                  ? `approved ${calendarDate(approval.decidedAt!)}`
                  : `asked ${calendarDate(approval.createdAt)}${approval.requestedBy ? ` by ${approval.requestedBy}` : ""}`}
              </span>
            </p>
            <ChipList label="Scopes asked" items={approval.scopes} mono />
            <div className="flex flex-wrap gap-2">
              {approval.status === "pending" && <Button onClick={() => act(approval, true)}>Approve app</Button>}
              <Button variant="secondary" onClick={() => act(approval, false)}>
                {approval.status === "pending" ? "Deny" : "Withdraw approval"}
              </Button>
            </div>
          </div>
        </Card>
      ))}
    </Section>
  );
}
