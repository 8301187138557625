import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { StatusBadge } from "@/components/status-badge";
import { tokenBadge } from "@/components/tokens/token-badge";
import { Fact, LastUsedFact, TimeFact } from "@/components/tokens/facts";
import { UsageView } from "@/components/tokens/token-usage";
import { Card, Section } from "@/components/ui";
import { requirePageUser } from "@/lib/auth/session-user";
import { exactTime } from "@/lib/client/format";
import { DomainError } from "@/lib/errors";
import { showToken } from "@/lib/tokens/find-token";

export const metadata: Metadata = { title: "Token" };

// GET /tokens/{id} - one token: what it may do, whose it is, its secrets across rotations, and
// its usage with every request. The same token the list shows, for anyone the list shows it to.
export default async function TokenPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePageUser(`/tokens/${encodeURIComponent(id)}`);
  const token = await showToken(user, id).catch((error: unknown) => {
    if (error instanceof DomainError && error.code === "not_found") notFound();
    throw error;
  });
  return (
    <div className="flex flex-col gap-4">
      <nav aria-label="Back">
        <Link href="/tokens" className="text-sm text-indigo-700 hover:underline">
          ← API Tokens
        </Link>
      </nav>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{token.name}</h1>
        <StatusBadge value={tokenBadge(token)} />
      </div>
      <Card>
        <dl aria-label="Details" className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-3">
          {token.description && (
            <Fact label="Description" className="col-span-2 sm:col-span-3">
              {token.description}
            </Fact>
          )}
          <Fact label="Held by">
            {token.holder.kind === "service_account" ? `Service account ${token.holder.name}` : token.holder.name}
          </Fact>
          <Fact label="Last characters" className="font-mono">
            …{token.hint}
          </Fact>
          <Fact label="Scopes" className="font-mono text-xs">
            {token.scopes.join(" ")}
          </Fact>
          <TimeFact label="Created" at={token.createdAt} suffix={token.createdBy && ` by ${token.createdBy.name}`} />
          {token.revokedAt ? (
            <TimeFact
              label="Revoked"
              at={token.revokedAt}
              suffix={token.revokedReason && ` (${token.revokedReason})`}
            />
          ) : (
            <TimeFact label={token.status === "expired" ? "Expired" : "Expires"} at={token.expiresAt} />
          )}
          <LastUsedFact at={token.lastUsedAt} />
          <Fact label="Rate limit">{token.rateLimitPerHour.toLocaleString("en")} requests per hour</Fact>
          <Fact label="Client addresses">
            {token.allowedAddresses.length ? token.allowedAddresses.join(", ") : "Any"}
          </Fact>
          {token.tools && <Fact label="Only the tools">{token.tools.join(", ") || "none"}</Fact>}
          {token.approvalReason && <Fact label="Reason given for approval">{token.approvalReason}</Fact>}
        </dl>
      </Card>
      <Section id="secrets-heading" title="Secrets">
        <ul className="flex flex-col gap-1 text-sm" data-testid="token-secrets">
          <li>
            <span className="font-mono">…{token.hint}</span> current, since {exactTime(token.createdAt)}
          </li>
          {token.history.map((previous) => (
            <li key={previous.id}>
              <span className="font-mono">…{previous.hint}</span> replaced by rotation;{" "}
              {previous.revokedAt
                ? `stopped ${exactTime(previous.revokedAt)}`
                : `stops ${exactTime(previous.expiresAt)}`}
              ; {previous.lastUsedAt ? `last used ${exactTime(previous.lastUsedAt)}` : "never used"}
            </li>
          ))}
        </ul>
      </Section>
      <Section id="usage-heading" title="Usage">
        <Card>
          <UsageView subject={{ kind: "token", id: token.id }} />
        </Card>
      </Section>
    </div>
  );
}
