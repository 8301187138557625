import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { recordUserAction } from "../audit/record-audit-event";
import type { AccountUser } from "../auth/accounts";
import { db } from "../db/client";
import { DomainError, fieldError } from "../errors";
import { createToken } from "../tokens/create-token";
import { listTokens } from "../tokens/list-tokens";
import type { createTokenSchema, listTokensQuerySchema } from "../tokens/schemas";
import { PERSONAL } from "../tokens/token-view";
import { tokenPolicy } from "../tokens/policy";
import { policyProblems } from "../tokens/policy-rules";
import type { Scope } from "../scopes";
import { isStorableId } from "../validation";
import type { ServiceAccount } from "./schemas";

// Service accounts: machine identities owned by an organization, for CI jobs, scheduled agents and
// backend services. Each is a user row of kind "service" with one membership (as a member) in its
// organization, so its tokens are ordinary tokens, verified, limited, approved, metered and
// audited like anyone's: it never signs in, no person's departure touches it, and disabling or
// deleting it refuses its tokens at their next request (lib/tokens/verify-token.ts). Owners and
// admins manage them; the audit trail names the person who acted and the service account.

const select = {
  id: true,
  name: true,
  disabledAt: true,
  createdAt: true,
  createdById: true,
  tokens: {
    where: { revokedAt: null, ...PERSONAL },
    select: { expiresAt: true, lastUsedAt: true },
  },
} as const;

type Row = {
  id: string;
  name: string | null;
  disabledAt: Date | null;
  createdAt: Date;
  createdById: string | null;
  tokens: { expiresAt: Date; lastUsedAt: Date | null }[];
};

function toServiceAccount(row: Row, creators: Map<string, string>): ServiceAccount {
  const now = Date.now();
  const lastUsed = row.tokens.reduce<Date | null>(
    (latest, token) => (token.lastUsedAt && (!latest || token.lastUsedAt > latest) ? token.lastUsedAt : latest),
    null,
  );
  return {
    id: row.id,
    name: row.name ?? "",
    status: row.disabledAt ? "disabled" : "active",
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdById ? (creators.get(row.createdById) ?? null) : null,
    disabledAt: row.disabledAt?.toISOString() ?? null,
    activeTokens: row.tokens.filter((token) => token.expiresAt.getTime() > now).length,
    lastUsedAt: lastUsed?.toISOString() ?? null,
  };
}

async function creatorsOf(rows: Row[]) {
  const ids = [...new Set(rows.flatMap((row) => (row.createdById ? [row.createdById] : [])))];
  const people = ids.length
    ? await db().user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } })
    : [];
  return new Map(people.map((person) => [person.id, person.email]));
}

const inOrganization = (orgId: string) => ({ kind: "service", memberships: { some: { orgId } } }) as const;

export async function listServiceAccounts(user: AccountUser): Promise<{ serviceAccounts: ServiceAccount[] }> {
  const rows = await db().user.findMany({
    where: inOrganization(user.orgId),
    select,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 500,
  });
  const creators = await creatorsOf(rows);
  return { serviceAccounts: rows.map((row) => toServiceAccount(row, creators)) };
}

/** One of the organization's service accounts, or 404 (another organization's ids leak nothing). */
export async function findServiceAccount(user: AccountUser, id: string) {
  if (!isStorableId(id)) throw new DomainError("not_found", "No service account with this id.");
  const row = await db().user.findFirst({ where: { id, ...inOrganization(user.orgId) }, select });
  if (!row) throw new DomainError("not_found", "No service account with this id.");
  return row;
}

export async function getServiceAccount(user: AccountUser, id: string) {
  const row = await findServiceAccount(user, id);
  return toServiceAccount(row, await creatorsOf([row]));
}

export async function createServiceAccount(user: AccountUser, input: { name: string }) {
  const id = await db().$transaction(async (tx) => {
    const account = await tx.user.create({
      data: {
        kind: "service",
        name: input.name,
        // Never an address anyone reads: the unique column wants a value, and `.invalid` can never be one.
        email: `service-${randomUUID()}@service-accounts.invalid`,
        // No password can match an empty hash; sign-in refuses service accounts before comparing.
        passwordHash: "",
        createdById: user.id,
        currentOrgId: user.orgId,
      },
    });
    await tx.membership.create({ data: { userId: account.id, orgId: user.orgId, role: "member" } });
    await recordUserAction(tx, user, {
      action: "service_account.created",
      targetType: "service_account",
      targetId: account.id,
      metadata: { name: input.name },
    });
    return account.id;
  });
  return getServiceAccount(user, id);
}

/** Renames, disables or enables a service account; disabling refuses its tokens at their next request. */
export async function updateServiceAccount(
  user: AccountUser,
  id: string,
  input: { name?: string; disabled?: boolean },
) {
  const row = await findServiceAccount(user, id);
  const disabling = input.disabled === true && !row.disabledAt;
  const enabling = input.disabled === false && row.disabledAt !== null;
  await db().$transaction(async (tx) => {
    await tx.user.update({
      where: { id },
      data: {
        ...(input.name !== undefined && { name: input.name }),
        ...(disabling && { disabledAt: new Date() }),
        ...(enabling && { disabledAt: null }),
      },
    });
    const action = disabling
      ? "service_account.disabled"
      : enabling
        ? "service_account.enabled"
        : "service_account.updated";
    await recordUserAction(tx, user, {
      action,
      targetType: "service_account",
      targetId: id,
      metadata: { ...(input.name !== undefined && { name: input.name, previousName: row.name }) },
    });
  });
  return getServiceAccount(user, id);
}

/** Deletes a service account and every token it holds (refused at their next request everywhere). */
export async function deleteServiceAccount(user: AccountUser, id: string) {
  const row = await findServiceAccount(user, id);
  const account = toServiceAccount(row, await creatorsOf([row]));
  await db().$transaction(async (tx) => {
    // The audit event outlives the account: it names it by id and name.
    await recordUserAction(tx, user, {
      action: "service_account.deleted",
      targetType: "service_account",
      targetId: id,
      metadata: { name: row.name, activeTokens: account.activeTokens },
    });
    await tx.user.delete({ where: { id } });
  });
  return { ...account, status: "deleted" as const };
}

/** The service account as the holder its tokens are made for and checked against: a member of its organization. */
function holderOf(user: AccountUser, row: { id: string; name: string | null }): AccountUser {
  return {
    id: row.id,
    email: "",
    name: row.name,
    orgId: user.orgId,
    role: "member",
    clientAddress: user.clientAddress,
  };
}

/**
 * A token for the service account, made by an owner or admin: the same policy as a member's
 * (member scopes, approval of write scopes, limits, address lists), since a machine gets no more
 * than a member would; the secret is in this answer only.
 */
export async function createServiceAccountToken(
  user: AccountUser,
  id: string,
  input: z.infer<typeof createTokenSchema>,
) {
  const row = await findServiceAccount(user, id);
  if (row.disabledAt) throw new DomainError("conflict", "This service account is disabled: enable it to make tokens.");
  return createToken(user, input, holderOf(user, row));
}

export async function listServiceAccountTokens(
  user: AccountUser,
  id: string,
  query: z.infer<typeof listTokensQuerySchema>,
) {
  const row = await findServiceAccount(user, id);
  return listTokens(holderOf(user, row), { ...query, scope: "mine" });
}

/**
 * What a service account's OAuth clients and trusted workloads may hold: a member's scopes under
 * today's policy (checked again whenever a token is issued to them).
 */
export async function requireMemberScopes(orgId: string, scopes: readonly Scope[]) {
  const problems = policyProblems(await tokenPolicy(orgId), "member", {
    scopes: [...scopes],
    expiresInDays: 1,
    rateLimitPerHour: 1,
    allowedAddresses: ["any"],
  });
  if (problems.scopes) {
    throw fieldError("scopes", problems.scopes);
  }
}
