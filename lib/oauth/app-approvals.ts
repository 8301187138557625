import { recordUserAction } from "../audit/record-audit-event";
import type { AccountUser } from "../auth/accounts";
import { db } from "../db/client";
import type { Prisma } from "../db/types";
import { DomainError } from "../errors";
import { normalizeScopes, type Scope } from "../scopes";
import { revokeAppGrants } from "../tokens/revoke-holdings";
import type { TokenPolicy } from "../tokens/schemas";
import { isStorableId } from "../validation";
import { AuthorizationServerError } from "./errors";
import type { AppApprovalView } from "./schemas";

// Which OAuth apps an organization's members may connect (the token policy's `connectedApps`):
// any, only those an owner or admin approved, or none. The rule is one function,
// `requireAppAllowed`, which the consent page, the consent decision, the code exchange and every
// refresh call (through grantableScopes), so a policy change or a withdrawn approval reaches apps
// already connected. In "approved" mode a member's first try asks for an approval, which waits in
// the Organization page's queue with the app's name, redirect host and the scopes asked.

type AppRequest = { clientId: string; clientName: string; redirectHost: string; scopes: readonly Scope[] };

/** Refuses an app the organization's policy does not let anyone connect now. */
export async function requireAppAllowed(
  tx: Pick<Prisma.TransactionClient, "appApproval">,
  orgId: string,
  clientId: string,
  policy: Pick<TokenPolicy, "connectedApps">,
) {
  if (policy.connectedApps === "any") return;
  if (policy.connectedApps === "none") {
    throw new AuthorizationServerError(
      "access_denied",
      "Your organization does not allow connecting apps; ask an owner to change its token policy.",
    );
  }
  const approval = await tx.appApproval.findUnique({ where: { orgId_clientId: { orgId, clientId } } });
  if (approval?.status !== "approved") {
    throw new AuthorizationServerError(
      "access_denied",
      "This app is waiting for an owner's or admin's approval in your organization: you can connect it once it is approved.",
    );
  }
}

/**
 * The consent page's first step in "approved" mode: an app not yet approved is asked for (once;
 * a repeat only brings the request up to date), then refused with the reason the member sees.
 */
export async function askForApproval(
  user: AccountUser,
  request: AppRequest,
  policy: Pick<TokenPolicy, "connectedApps">,
) {
  if (policy.connectedApps === "approved") {
    const existing = await db().appApproval.findUnique({
      where: { orgId_clientId: { orgId: user.orgId, clientId: request.clientId } },
    });
    if (!existing) {
      await db().$transaction(async (tx) => {
        await tx.appApproval.upsert({
          where: { orgId_clientId: { orgId: user.orgId, clientId: request.clientId } },
          create: {
            orgId: user.orgId,
            clientId: request.clientId,
            clientName: request.clientName,
            redirectHost: request.redirectHost,
            requestedScopes: request.scopes.join(" "),
            requestedById: user.id,
          },
          update: {},
        });
        await recordUserAction(tx, user, {
          action: "oauth.app_approval_requested",
          targetType: "oauth_client",
          targetId: request.clientId,
          metadata: { client: request.clientName, redirectHost: request.redirectHost, scopes: request.scopes },
        });
      });
    }
  }
  await requireAppAllowed(db(), user.orgId, request.clientId, policy);
}

type Row = Awaited<ReturnType<typeof findApprovals>>[number];
const findApprovals = (where: Prisma.AppApprovalWhereInput) =>
  db().appApproval.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 200 });

async function toViews(rows: Row[]): Promise<AppApprovalView[]> {
  const ids = [...new Set(rows.flatMap((row) => (row.requestedById ? [row.requestedById] : [])))];
  const people = ids.length
    ? await db().user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } })
    : [];
  const emails = new Map(people.map((person) => [person.id, person.email]));
  return rows.map((row) => ({
    id: row.id,
    clientId: row.clientId,
    clientName: row.clientName,
    redirectHost: row.redirectHost,
    scopes: normalizeScopes(row.requestedScopes.split(" ").filter(Boolean)),
    status: row.status === "approved" ? "approved" : "pending",
    requestedBy: row.requestedById ? (emails.get(row.requestedById) ?? null) : null,
    createdAt: row.createdAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
  }));
}

export async function listAppApprovals(user: AccountUser) {
  return { approvals: await toViews(await findApprovals({ orgId: user.orgId })) };
}

async function findApproval(user: AccountUser, id: string) {
  const row = isStorableId(id) ? await db().appApproval.findFirst({ where: { id, orgId: user.orgId } }) : null;
  if (!row) throw new DomainError("not_found", "No app request with this id.");
  return row;
}

export async function approveApp(user: AccountUser, id: string) {
  const row = await findApproval(user, id);
  await db().$transaction(async (tx) => {
    await tx.appApproval.update({
      where: { id },
      data: { status: "approved", decidedById: user.id, decidedAt: new Date() },
    });
    await recordUserAction(tx, user, {
      action: "oauth.app_approved",
      targetType: "oauth_client",
      targetId: row.clientId,
      metadata: { client: row.clientName },
    });
  });
  return (await toViews(await findApprovals({ id })))[0]!;
}

/** Denies a request or withdraws an approval: the app's grants in the organization are revoked at once. */
export async function withdrawAppApproval(user: AccountUser, id: string) {
  const row = await findApproval(user, id);
  const view = (await toViews([row]))[0]!;
  const revoked = await db().$transaction(async (tx) => {
    await tx.appApproval.delete({ where: { id } });
    const grants = await revokeAppGrants(tx, user.orgId, { clientId: row.clientId }, "app approval withdrawn");
    await recordUserAction(tx, user, {
      action: "oauth.app_approval_withdrawn",
      targetType: "oauth_client",
      targetId: row.clientId,
      metadata: { client: row.clientName, wasApproved: row.status === "approved", grantsRevoked: grants },
    });
    return grants;
  });
  return { ...view, status: "withdrawn" as const, grantsRevoked: revoked };
}
