"use client";

import { useState } from "react";
import { Alert, Button, Card, ChipList, Section } from "@/components/ui";
import { approveToken, denyToken, listTokens } from "@/lib/api/operations";
import { callApi } from "@/lib/client/api";
import { useApiLoad } from "@/lib/client/use-api-load";
import type { TokenListItem } from "@/lib/tokens/schemas";

/** Members' tokens waiting for approval, with the reason they gave; approve or deny with a note. */
export function ApprovalQueue({ members }: { members: Map<string, string> }) {
  const loaded = useApiLoad(listTokens, { query: { scope: "organization", approval: "pending", limit: 100 } });
  const { error, setError, reload } = loaded;
  const tokens = (loaded.data?.tokens ?? []).filter((token) => token.status === "active");
  const [notes, setNotes] = useState<Record<string, string>>({});

  async function decide(token: TokenListItem, approve: boolean) {
    const result = await callApi(approve ? approveToken : denyToken, {
      params: { id: token.id },
      body: { note: notes[token.id] || undefined },
    });
    if (!result.ok) setError(result.message);
    reload();
  }

  return (
    <Section id="approvals-heading" title="Tokens waiting for approval">
      {error && <Alert>{error}</Alert>}
      {tokens.length === 0 && <p className="text-sm text-slate-500">Nothing is waiting.</p>}
      {tokens.map((token) => (
        <Card key={token.id}>
          <div data-testid="pending-token" className="flex flex-col gap-2">
            <p className="font-medium">
              {token.name}{" "}
              <span className="text-sm font-normal text-slate-500">by {members.get(token.userId) ?? token.userId}</span>
            </p>
            <ChipList label="Scopes" items={token.scopes} mono />
            <p className="text-sm">Reason: {token.approvalReason ?? "—"}</p>
            <div className="flex flex-wrap items-center gap-2">
              <input
                aria-label={`Note for ${token.name}`}
                placeholder="Note (optional)"
                value={notes[token.id] ?? ""}
                onChange={(event) => setNotes({ ...notes, [token.id]: event.target.value })}
                className="min-w-48 flex-1 rounded-md border border-slate-300 px-2 py-1.5 text-sm"
              />
              <Button onClick={() => decide(token, true)}>Approve</Button>
              <Button variant="secondary" onClick={() => decide(token, false)}>
                Deny
              </Button>
            </div>
          </div>
        </Card>
      ))}
    </Section>
  );
}
