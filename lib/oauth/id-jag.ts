import { decodeJwt, decodeProtectedHeader, errors, jwtVerify } from "jose";
import { recordAuditEvent } from "../audit/record-audit-event";
import { urls } from "../urls";
import { identityProviderOf, ssoMember } from "../auth/sso";
import { firstUse } from "../auth/single-use";
import { db } from "../db/client";
import { log } from "../log";
import { metrics } from "../metrics/metrics";
import { expandScopes, normalizeScopes, type Scope } from "../scopes";
import { activeGrant, checkResource, isMcpResource, issuer, required } from "./authorization";
import { ASSERTION_ALGORITHMS, type ClientCredentialsResponse } from "./client-credentials";
import { authenticateEnterpriseClient } from "./enterprise-clients";
import { AuthorizationServerError } from "./errors";
import { grantFor, issuable, requireDpopUnder, issueAccess, NOT_A_MEMBER } from "./grants";

// Enterprise-managed authorization (the MCP authorization extension; the Identity Assertion JWT
// Authorization Grant, an RFC 7523 JWT bearer grant): an MCP client the organization registered
// presents an ID-JAG its identity provider issued for a person, and gets an access token with no
// consent page. The provider is the one the organization set up for single sign-on: its keys
// sign the grant, its subject is mapped to a member as single sign-on maps it, and what is issued
// is what the grant says, the client asks and the member and the token policy allow, all at once.
// No refresh token: the client asks its provider for a new ID-JAG instead.

export const JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer";
export const ID_JAG_PROFILE = "urn:ietf:params:oauth:grant-profile:id-jag";
const ID_JAG_TYPE = "oauth-id-jag+jwt";
/** The longest an ID-JAG may claim to live: providers issue them for minutes. */
const MAX_LIFETIME_S = 10 * 60;

/** Whether an RFC 7523 assertion is an ID-JAG (its `typ`), rather than a workload's own JWT (./workload-identity.ts). */
export function isIdJag(assertion: string): boolean {
  try {
    return decodeProtectedHeader(assertion).typ === ID_JAG_TYPE;
  } catch {
    return false;
  }
}

const refused = (description: string) => new AuthorizationServerError("invalid_grant", description);

function claimedScopes(value: unknown): string[] {
  return typeof value === "string" ? value.split(" ").filter(Boolean) : [];
}

export async function idJagGrant(
  params: URLSearchParams,
  authorization: string | null,
  clientAddress: string | null,
  dpop: { jkt: string } | null = null,
): Promise<ClientCredentialsResponse> {
  const client = await authenticateEnterpriseClient(params, authorization);
  checkResource(params);
  const assertion = required(params, "assertion");

  let header, unverified;
  try {
    header = decodeProtectedHeader(assertion);
    unverified = decodeJwt(assertion);
  } catch {
    throw refused("The assertion is not a JWT.");
  }
  if (header.typ !== ID_JAG_TYPE) throw refused(`The assertion's typ must be ${ID_JAG_TYPE}.`);
  let provider;
  try {
    provider = await identityProviderOf(client.orgId);
  } catch (error) {
    log("warn", "oauth.id_jag_keys_unavailable", { reason: error instanceof Error ? error.message : "" });
    throw new AuthorizationServerError("temporarily_unavailable", "The identity provider's keys could not be read.");
  }
  if (!provider || unverified.iss !== provider.issuer) {
    throw refused("The assertion's issuer is not this organization's identity provider.");
  }

  let payload;
  try {
    ({ payload } = await jwtVerify(assertion, provider.keys, {
      typ: ID_JAG_TYPE,
      algorithms: ASSERTION_ALGORITHMS,
      issuer: provider.issuer,
      audience: issuer(),
      requiredClaims: ["exp", "iat", "jti", "sub", "client_id"],
      clockTolerance: 30,
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw refused("The assertion has expired.");
    if (error instanceof errors.JWTClaimValidationFailed) {
      throw refused(`The assertion's ${error.claim} claim is not accepted (${error.reason}).`);
    }
    throw refused("The assertion's signature does not verify with the identity provider's keys.");
  }
  if (payload.client_id !== client.id) throw refused("The assertion was issued to another client.");
  const resources = [payload.resource ?? []].flat();
  if (!resources.some((resource) => typeof resource === "string" && isMcpResource(resource))) {
    throw refused(`The assertion's resource must be ${urls.mcp()}.`);
  }
  if (payload.exp! - Date.now() / 1000 > MAX_LIFETIME_S) {
    throw refused(`An assertion may live at most ${MAX_LIFETIME_S / 60} minutes.`);
  }
  if (!(await firstUse(`id-jag\u0000${provider.issuer}\u0000${payload.jti}`, new Date((payload.exp! + 60) * 1000)))) {
    throw refused("The assertion was already used (its jti).");
  }

  const member = await ssoMember(client.orgId, provider.issuer, payload.sub!, payload.email);
  if (!member) throw refused("The assertion's subject is not a member of this organization.");
  // RFC 6749 section 3.3, as the extension asks: what the provider granted, narrowed to what the
  // client asks (when it asks), then to what the member may grant under the policy.
  const fromProvider = normalizeScopes(claimedScopes(payload.scope));
  const held = new Set(expandScopes(fromProvider));
  const asked = params.get("scope");
  const wanted =
    asked === null ? fromProvider : normalizeScopes(claimedScopes(asked).filter((scope) => held.has(scope as Scope)));
  const grantRef = { clientId: client.id, userId: member.userId, orgId: client.orgId };

  const response = await db().$transaction(async (tx) => {
    const allowed = await issuable(tx, grantRef, wanted);
    if (!allowed) throw NOT_A_MEMBER();
    requireDpopUnder(allowed.policy, dpop);
    if (!allowed.scopes.length) {
      throw new AuthorizationServerError(
        "invalid_scope",
        "None of the scopes the identity provider granted is one this member may grant under the organization's policy.",
      );
    }
    // The same scopes again (a client fetching its next token, or two racing): the same grant,
    // its earlier tokens untouched; other scopes replace the grant's, as a new consent would.
    const existing = await activeGrant(tx, { ...grantRef, serverId: null });
    const same =
      existing?.grantedBy === "identity_provider" && existing.scopes === allowed.scopes.join(" ") ? existing : null;
    const grant =
      same ?? (await grantFor(tx, grantRef, allowed.scopes, new Date(), { grantedBy: "identity_provider" })).grant;
    const access = await issueAccess(tx, grant, client.name, allowed.scopes, allowed.policy, null, dpop?.jkt ?? null);
    await recordAuditEvent(tx, {
      clientAddress,
      orgId: client.orgId,
      actorUserId: member.userId,
      action: "oauth.token_issued",
      targetType: "oauth_grant",
      targetId: grant.id,
      metadata: { client: client.name, grant: "id-jag", issuer: provider.issuer, scopes: allowed.scopes },
    });
    return access;
  });
  metrics().oauthEvents.inc({ event: "issued" });
  return response;
}
