import { randomBytes } from "node:crypto";
import { recordUserAction } from "../audit/record-audit-event";
import type { AccountUser } from "../auth/accounts";
import { hashSecret, tokenHint } from "../auth/secret-hash";
import { config } from "../config";
import { db } from "../db/client";
import { DomainError, fieldError } from "../errors";
import { outboundUrlProblem } from "../net/outbound";
import { normalizeScopes } from "../scopes";
import { isStorableId } from "../validation";
import type { CreateServiceClientInput, ServiceClientView } from "./schemas";
import { findServiceAccount, requireMemberScopes } from "./service-accounts";
import { newSecret } from "../auth/secret-format";

// A service account's confidential OAuth clients, for software that speaks OAuth client
// credentials (the MCP SDK's ClientCredentialsProvider and PrivateKeyJwtProvider) rather than
// holding a long-lived token: the grant itself is lib/oauth/client-credentials.ts. Owners and
// admins register them; a secret is shown once and kept as its SHA-256; a key-based client gives
// its public keys (a JWK Set, or the HTTPS URL where it publishes them).

type Row = {
  id: string;
  name: string;
  authMethod: string;
  secretHint: string | null;
  jwksUri: string | null;
  scopes: string;
  createdAt: Date;
  lastUsedAt: Date | null;
};

function toView(row: Row): ServiceClientView {
  return {
    clientId: row.id,
    name: row.name,
    authMethod: row.authMethod === "private_key_jwt" ? "private_key_jwt" : "client_secret_basic",
    secretHint: row.secretHint,
    jwksUri: row.jwksUri,
    scopes: normalizeScopes(row.scopes.split(" ").filter(Boolean)),
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

const newClientSecret = () => newSecret("serviceClient");

/** A JWK Set of public keys only: a private member (`d`, `p`, `q`, `k`...) means a secret was pasted. */
function publicKeySet(jwks: { keys: Record<string, unknown>[] }): string {
  for (const key of jwks.keys) {
    if (["d", "p", "q", "dp", "dq", "qi", "k"].some((member) => member in key)) {
      throw fieldError("jwks", "holds private key material; give the public keys only");
    }
    if (key.kty === "oct") throw fieldError("jwks", "symmetric keys are not accepted; give public keys");
  }
  return JSON.stringify({ keys: jwks.keys });
}

export async function listServiceClients(user: AccountUser, serviceAccountId: string) {
  await findServiceAccount(user, serviceAccountId);
  const rows = await db().serviceClient.findMany({ where: { serviceAccountId }, orderBy: { createdAt: "asc" } });
  return { clients: rows.map(toView) };
}

export async function createServiceClient(
  user: AccountUser,
  serviceAccountId: string,
  input: CreateServiceClientInput,
) {
  const account = await findServiceAccount(user, serviceAccountId);
  if (account.disabledAt) throw new DomainError("conflict", "This service account is disabled: enable it first.");
  await requireMemberScopes(user.orgId, input.scopes);
  let secret: string | null = null;
  let keys: { jwks: string | null; jwksUri: string | null } = { jwks: null, jwksUri: null };
  if (input.authMethod === "client_secret_basic") {
    secret = newClientSecret();
  } else if (input.jwks) {
    keys = { jwks: publicKeySet(input.jwks), jwksUri: null };
  } else {
    const problem = outboundUrlProblem(new URL(input.jwksUri!), config().outbound);
    if (problem) throw fieldError("jwksUri", problem);
    keys = { jwks: null, jwksUri: input.jwksUri! };
  }
  const id = `kwc_${randomBytes(16).toString("base64url")}`;
  const row = await db().$transaction(async (tx) => {
    const created = await tx.serviceClient.create({
      data: {
        id,
        serviceAccountId,
        orgId: user.orgId,
        name: input.name,
        authMethod: input.authMethod,
        secretHash: secret && hashSecret(secret),
        secretHint: secret && tokenHint(secret),
        ...keys,
        scopes: normalizeScopes(input.scopes).join(" "),
        createdById: user.id,
      },
    });
    await recordUserAction(tx, user, {
      action: "service_account.client_created",
      targetType: "service_account",
      targetId: serviceAccountId,
      metadata: { clientId: id, name: input.name, authMethod: input.authMethod, scopes: input.scopes },
    });
    return created;
  });
  return { ...toView(row), clientSecret: secret };
}

async function findClient(user: AccountUser, serviceAccountId: string, clientId: string) {
  await findServiceAccount(user, serviceAccountId);
  const row = isStorableId(clientId)
    ? await db().serviceClient.findFirst({ where: { id: clientId, serviceAccountId } })
    : null;
  if (!row) throw new DomainError("not_found", "No client with this id for this service account.");
  return row;
}

/** A new secret, shown once; the old one stops at once (tokens already issued run out on their own). */
export async function rotateServiceClientSecret(user: AccountUser, serviceAccountId: string, clientId: string) {
  const client = await findClient(user, serviceAccountId, clientId);
  if (client.authMethod !== "client_secret_basic") {
    throw new DomainError("conflict", "This client authenticates with its keys; it has no secret to rotate.");
  }
  const secret = newClientSecret();
  const row = await db().$transaction(async (tx) => {
    const updated = await tx.serviceClient.update({
      where: { id: clientId },
      data: { secretHash: hashSecret(secret), secretHint: tokenHint(secret) },
    });
    await recordUserAction(tx, user, {
      action: "service_account.client_secret_rotated",
      targetType: "service_account",
      targetId: serviceAccountId,
      metadata: { clientId },
    });
    return updated;
  });
  return { ...toView(row), clientSecret: secret };
}

/** Deletes the client and the access tokens it holds (refused at their next request everywhere). */
export async function deleteServiceClient(user: AccountUser, serviceAccountId: string, clientId: string) {
  const client = await findClient(user, serviceAccountId, clientId);
  await db().$transaction(async (tx) => {
    await recordUserAction(tx, user, {
      action: "service_account.client_deleted",
      targetType: "service_account",
      targetId: serviceAccountId,
      metadata: { clientId, name: client.name },
    });
    await tx.serviceClient.delete({ where: { id: clientId } });
  });
  return toView(client);
}
