import { randomBytes } from "node:crypto";
import { recordUserAction } from "../audit/record-audit-event";
import type { AccountUser } from "../auth/accounts";
import { config } from "../config";
import { db } from "../db/client";
import type { WorkloadTrust } from "../db/types";
import { DomainError, fieldError } from "../errors";
import { outboundUrlProblem } from "../net/outbound";
import { issuer as keywayIssuer } from "../oauth/authorization";
import { AuthorizationServerError } from "../oauth/errors";
import { issuerKeys } from "../oauth/workload-identity";
import { normalizeScopes } from "../scopes";
import { isStorableId } from "../validation";
import type { WorkloadTrustInput, WorkloadTrustView } from "./schemas";
import { findServiceAccount, requireMemberScopes } from "./service-accounts";

// Trust policies: which workloads of an outside issuer (a GitHub Actions workflow, a Kubernetes
// service account) may act as a service account with no secret stored anywhere. Owners and admins
// keep them on the Organization page and in the API; the exchange itself is
// lib/oauth/workload-identity.ts. A policy's scopes are a member's under today's token policy
// (checked again at every exchange); deleting it deletes what was issued under it.

function toView(row: WorkloadTrust): WorkloadTrustView {
  return {
    id: row.id,
    name: row.name,
    issuer: row.issuer,
    jwksUri: row.jwksUri,
    audience: row.audience,
    conditions: JSON.parse(row.conditions) as Record<string, string>,
    scopes: normalizeScopes(row.scopes.split(" ").filter(Boolean)),
    maxLifetimeMinutes: row.maxLifetimeMinutes,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

/**
 * What is stored for the input, once it holds: URLs the outbound policy lets Keyway fetch, scopes a
 * member may hold, and an issuer whose keys can be read now (a typo shows here, not at the first run).
 */
async function checked(user: AccountUser, input: WorkloadTrustInput) {
  await requireMemberScopes(user.orgId, input.scopes);
  const issuer = input.issuer.replace(/\/$/, "");
  for (const [field, value] of [
    ["issuer", issuer],
    ["jwksUri", input.jwksUri],
  ] as const) {
    if (value === null) continue;
    const url = new URL(value);
    const problem = outboundUrlProblem(url, config().outbound);
    if (problem) throw fieldError(field, problem);
    if (url.search || url.hash) throw fieldError(field, "must have no query or fragment");
  }
  try {
    await issuerKeys({ issuer, jwksUri: input.jwksUri });
  } catch (error) {
    if (!(error instanceof AuthorizationServerError)) throw error;
    throw new DomainError(
      "conflict",
      `The issuer's keys could not be read (${error.description}): check the issuer URL or give its JWK Set URL.`,
    );
  }
  return {
    name: input.name,
    issuer,
    jwksUri: input.jwksUri,
    audience: input.audience ?? keywayIssuer(),
    conditions: JSON.stringify(input.conditions),
    scopes: normalizeScopes(input.scopes).join(" "),
    maxLifetimeMinutes: input.maxLifetimeMinutes,
  };
}

export async function listWorkloadTrusts(user: AccountUser, serviceAccountId: string) {
  await findServiceAccount(user, serviceAccountId);
  const rows = await db().workloadTrust.findMany({ where: { serviceAccountId }, orderBy: { createdAt: "asc" } });
  return { policies: rows.map(toView) };
}

export async function createWorkloadTrust(user: AccountUser, serviceAccountId: string, input: WorkloadTrustInput) {
  const account = await findServiceAccount(user, serviceAccountId);
  if (account.disabledAt) throw new DomainError("conflict", "This service account is disabled: enable it first.");
  const data = await checked(user, input);
  const id = `kwt_${randomBytes(12).toString("base64url")}`;
  const row = await db().$transaction(async (tx) => {
    const created = await tx.workloadTrust.create({
      data: { id, serviceAccountId, orgId: user.orgId, createdById: user.id, ...data },
    });
    await recordUserAction(tx, user, {
      action: "service_account.trust_created",
      targetType: "service_account",
      targetId: serviceAccountId,
      metadata: { policyId: id, ...toView(created) },
    });
    return created;
  });
  return toView(row);
}

async function findTrust(user: AccountUser, serviceAccountId: string, policyId: string) {
  await findServiceAccount(user, serviceAccountId);
  const row = isStorableId(policyId)
    ? await db().workloadTrust.findFirst({ where: { id: policyId, serviceAccountId } })
    : null;
  if (!row) throw new DomainError("not_found", "No trust policy with this id for this service account.");
  return row;
}

/**
 * A changed policy applies from the next exchange; tokens it issued before run out on their own
 * (minutes), unless it is deleted.
 */
export async function updateWorkloadTrust(
  user: AccountUser,
  serviceAccountId: string,
  policyId: string,
  input: WorkloadTrustInput,
) {
  await findTrust(user, serviceAccountId, policyId);
  const data = await checked(user, input);
  const row = await db().$transaction(async (tx) => {
    const updated = await tx.workloadTrust.update({ where: { id: policyId }, data });
    await recordUserAction(tx, user, {
      action: "service_account.trust_updated",
      targetType: "service_account",
      targetId: serviceAccountId,
      metadata: { policyId, ...toView(updated) },
    });
    return updated;
  });
  return toView(row);
}

/** Deletes the policy and the tokens issued under it (refused at their next request everywhere). */
export async function deleteWorkloadTrust(user: AccountUser, serviceAccountId: string, policyId: string) {
  await findTrust(user, serviceAccountId, policyId);
  const deleted = await db().$transaction(async (tx) => {
    const row = await tx.workloadTrust.delete({ where: { id: policyId } });
    await recordUserAction(tx, user, {
      action: "service_account.trust_deleted",
      targetType: "service_account",
      targetId: serviceAccountId,
      metadata: { policyId, name: row.name },
    });
    return row;
  });
  return toView(deleted);
}
