import { randomBytes } from "node:crypto";
import { recordUserAction } from "../audit/record-audit-event";
import type { AccountUser } from "../auth/accounts";
import { hashesEqual, hashSecret } from "../auth/secret-hash";
import { db } from "../db/client";
import { DomainError } from "../errors";
import { revokeAppGrants } from "../tokens/revoke-holdings";
import { single } from "./authorization";
import { basicCredentials, unauthenticated } from "./client-credentials";
import { AuthorizationServerError } from "./errors";
import type { EnterpriseClientView } from "./schemas";
import { newSecret } from "../auth/secret-format";

// Enterprise clients (enterprise-managed authorization): an owner registers an MCP client the
// company uses (its identity provider stamps this client_id into the ID-JAGs it issues for it);
// the client authenticates with its secret (shown once, kept as a hash) and redeems ID-JAGs only
// from its organization's identity provider (lib/oauth/id-jag.ts). Deleting one revokes the
// access it was granted.

const toView = (client: { id: string; name: string; createdAt: Date }): EnterpriseClientView => ({
  clientId: client.id,
  name: client.name,
  createdAt: client.createdAt.toISOString(),
});

export async function listEnterpriseClients(user: AccountUser) {
  const clients = await db().oAuthClient.findMany({
    where: { kind: "enterprise", orgId: user.orgId },
    orderBy: { createdAt: "asc" },
  });
  return { clients: clients.map(toView) };
}

export async function createEnterpriseClient(user: AccountUser, input: { name: string }) {
  const id = `kwe_${randomBytes(12).toString("base64url")}`;
  const secret = newSecret("enterpriseClient");
  const client = await db().$transaction(async (tx) => {
    const created = await tx.oAuthClient.create({
      data: {
        id,
        kind: "enterprise",
        name: input.name,
        orgId: user.orgId,
        secretHash: hashSecret(secret),
        redirectUris: "[]",
      },
    });
    await recordUserAction(tx, user, {
      action: "oauth.client_registered",
      targetType: "oauth_client",
      targetId: id,
      metadata: { name: input.name, kind: "enterprise" },
    });
    return created;
  });
  return { ...toView(client), clientSecret: secret };
}

export async function deleteEnterpriseClient(user: AccountUser, id: string) {
  await db().$transaction(async (tx) => {
    const client = await tx.oAuthClient.findFirst({ where: { id, kind: "enterprise", orgId: user.orgId } });
    if (!client) throw new DomainError("not_found", "No such enterprise client in this organization.");
    await revokeAppGrants(tx, user.orgId, { clientId: id }, "enterprise client deleted");
    await tx.oAuthClient.delete({ where: { id } });
    await recordUserAction(tx, user, {
      action: "oauth.client_deleted",
      targetType: "oauth_client",
      targetId: id,
      metadata: { name: client.name },
    });
  });
  return { deleted: true as const };
}

/**
 * The enterprise client a token request authenticates as, with its secret in HTTP Basic
 * (client_secret_basic, what the SDK's CrossAppAccessProvider sends), or the RFC 6749 refusal:
 * `invalid_client` (401, Basic challenge) when authentication fails, `unauthorized_client` for
 * any other kind of client.
 */
export async function authenticateEnterpriseClient(params: URLSearchParams, authorization: string | null) {
  const basic = basicCredentials(authorization);
  const clientId = basic?.id ?? single(params, "client_id");
  if (!clientId) throw unauthenticated("This grant needs an authenticated client.");
  const client = await db().oAuthClient.findUnique({ where: { id: clientId } });
  if (client && client.kind !== "enterprise") {
    throw new AuthorizationServerError(
      "unauthorized_client",
      "Only a client an organization's owner registered for enterprise-managed authorization may present an ID-JAG.",
    );
  }
  if (!basic) throw unauthenticated("An enterprise client authenticates with client_secret_basic.");
  if (!client?.secretHash || !client.orgId || !hashesEqual(hashSecret(basic.secret), client.secretHash)) {
    throw unauthenticated("Unknown client, or wrong credentials.");
  }
  return { id: client.id, name: client.name, orgId: client.orgId };
}
