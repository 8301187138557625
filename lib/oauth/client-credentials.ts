import { requireDpopUnder, tokenType } from "./grants";
import { createLocalJWKSet, decodeJwt, errors, jwtVerify, type JSONWebKeySet } from "jose";
import { recordAuditEvent } from "../audit/record-audit-event";
import { firstUse } from "../auth/single-use";
import { hashesEqual, hashSecret } from "../auth/secret-hash";
import { config } from "../config";
import { db } from "../db/client";
import { metrics } from "../metrics/metrics";
import { expandScopes, normalizeScopes, type Scope } from "../scopes";
import { issueToken } from "../tokens/issue-token";
import { appLifetimes, tokenPolicy } from "../tokens/policy";
import { DEFAULT_RATE_LIMIT_PER_HOUR } from "../tokens/schemas";
import { issuer, requestedResource, resourceScopes, single } from "./authorization";
import { AuthorizationServerError } from "./errors";
import { fetchClientDocument } from "./fetch-client-document";
import { ExpiringCache } from "../expiring-cache";
import type { Prisma } from "../db/types";
import { DAY_MS } from "../time";

// The client credentials grant (RFC 6749 section 4.4; the MCP extension
// io.modelcontextprotocol/oauth-client-credentials) for service accounts' confidential clients:
// no person is present, so the client authenticates itself, with its secret (client_secret_basic)
// or an assertion signed with one of its keys (private_key_jwt, RFC 7523), and gets a short-lived
// access token for /mcp holding at most the client's scopes, within the organization's policy as
// it is now. Public clients (registered by DCR or known by their document) never use this grant.

export const CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/** Asymmetric algorithms only: a shared-secret assertion (client_secret_jwt) is not offered. */
export const ASSERTION_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA"];
/** The longest an assertion may claim to live: a client signs one per token request. */
const MAX_ASSERTION_LIFETIME_S = 10 * 60;
const JWKS_MAX_BYTES = 32 * 1024;

export const unauthenticated = (message: string) => new AuthorizationServerError("invalid_client", message, true);

export type ClientCredentialsResponse = {
  access_token: string;
  token_type: "Bearer" | "DPoP";
  expires_in: number;
  scope: string;
};

/** `client_id:client_secret` from HTTP Basic, each form-urlencoded (RFC 6749 section 2.3.1). */
export function basicCredentials(authorization: string | null): { id: string; secret: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? "");
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) throw unauthenticated("The Basic credentials are not client_id:client_secret.");
  try {
    const unescape = (part: string) => decodeURIComponent(part.replace(/\+/g, " "));
    return { id: unescape(decoded.slice(0, colon)), secret: unescape(decoded.slice(colon + 1)) };
  } catch {
    throw unauthenticated("The Basic credentials are not form-urlencoded.");
  }
}

type Authenticated = { clientId: string; method: "client_secret_basic" | "private_key_jwt"; assertion?: string };

/** How the request authenticates its client: exactly one method, or none (a public client). */
function presentedAuthentication(params: URLSearchParams, authorization: string | null): Authenticated | null {
  const basic = basicCredentials(authorization);
  const assertionType = single(params, "client_assertion_type");
  const assertion = single(params, "client_assertion");
  const bodyId = single(params, "client_id");
  if (single(params, "client_secret") !== null) {
    throw unauthenticated("Send the client secret with HTTP Basic (client_secret_basic), not in the body.");
  }
  if (basic && (assertion || assertionType)) throw unauthenticated("Use one client authentication method, not two.");
  if (basic) {
    if (bodyId !== null && bodyId !== basic.id)
      throw unauthenticated("client_id does not match the Basic credentials.");
    return { clientId: basic.id, method: "client_secret_basic", assertion: basic.secret };
  }
  if (assertion || assertionType) {
    if (assertionType !== CLIENT_ASSERTION_TYPE) {
      throw unauthenticated(`client_assertion_type must be ${CLIENT_ASSERTION_TYPE}.`);
    }
    if (!assertion) throw unauthenticated("client_assertion is required.");
    let claimed: unknown;
    try {
      claimed = decodeJwt(assertion).sub;
    } catch {
      throw unauthenticated("client_assertion is not a JWT.");
    }
    if (typeof claimed !== "string" || (bodyId !== null && bodyId !== claimed)) {
      throw unauthenticated("The assertion's subject must be the client_id.");
    }
    return { clientId: claimed, method: "private_key_jwt", assertion };
  }
  return bodyId === null ? null : { clientId: bodyId, method: "client_secret_basic" };
}

// JWK Sets fetched from a client's URL are kept a few minutes (a key rotation shows up after that).
const JWKS_TTL_MS = 5 * 60_000;
const fetchedKeys = new ExpiringCache<JSONWebKeySet>(1000);

async function keysOf(client: { jwks: string | null; jwksUri: string | null }): Promise<JSONWebKeySet> {
  if (client.jwks) return JSON.parse(client.jwks) as JSONWebKeySet;
  const url = client.jwksUri!;
  const known = fetchedKeys.get(url);
  if (known) return known;
  const { body } = await fetchClientDocument(new URL(url), config().outbound, {
    what: "client's JWK Set",
    maxBytes: JWKS_MAX_BYTES,
  });
  if (!body || typeof body !== "object" || !Array.isArray((body as { keys?: unknown }).keys)) {
    throw unauthenticated("The client's JWK Set has no keys.");
  }
  fetchedKeys.set(url, body as JSONWebKeySet, JWKS_TTL_MS);
  return body as JSONWebKeySet;
}

/**
 * RFC 7523 sections 2.2 and 3: signed by one of the client's keys with an asymmetric algorithm,
 * `iss` and `sub` the client, `aud` this authorization server (its issuer, which the MCP SDK
 * sends, or its token endpoint), not expired and not long-lived, and its `jti` never seen before.
 */
async function verifyAssertion(
  clientId: string,
  assertion: string,
  client: { jwks: string | null; jwksUri: string | null },
) {
  let payload;
  try {
    ({ payload } = await jwtVerify(assertion, createLocalJWKSet(await keysOf(client)), {
      algorithms: ASSERTION_ALGORITHMS,
      issuer: clientId,
      subject: clientId,
      audience: [issuer(), `${config().appUrl}/oauth/token`],
      requiredClaims: ["exp", "jti"],
      clockTolerance: 30,
    }));
  } catch (error) {
    if (error instanceof AuthorizationServerError) throw error;
    if (error instanceof errors.JWTExpired) throw unauthenticated("The client assertion has expired.");
    if (error instanceof errors.JWTClaimValidationFailed) {
      throw unauthenticated(`The client assertion's ${error.claim} claim is not accepted (${error.reason}).`);
    }
    throw unauthenticated("The client assertion's signature does not verify with the client's keys.");
  }
  const now = Date.now() / 1000;
  if (payload.exp! - now > MAX_ASSERTION_LIFETIME_S) {
    throw unauthenticated(`A client assertion may live at most ${MAX_ASSERTION_LIFETIME_S / 60} minutes.`);
  }
  if (!(await firstUse(`${clientId}\u0000${payload.jti}`, new Date((payload.exp! + 60) * 1000)))) {
    throw unauthenticated("The client assertion was already used (its jti).");
  }
}

/** The scopes asked for, as far as the client may have them; asking only for more than it holds is refused. */
function grantedScopes(requested: string | null, allowed: Scope[]): Scope[] {
  if (requested === null || requested.trim() === "") return allowed;
  const held = new Set(expandScopes(allowed));
  const words = requested.split(" ").filter(Boolean);
  // RFC 6749 section 3.3: the server may grant less than asked (and says what it granted), which
  // is what a client following the MCP scope strategy needs, since it asks for the challenge's
  // scopes; a token never holds more than the client's.
  const granted = normalizeScopes(words.filter((word) => held.has(word as Scope)));
  if (!granted.length) {
    throw new AuthorizationServerError(
      "invalid_scope",
      `This client may be granted only ${allowed.join(" ")}; none of ${words.join(" ")} is among them.`,
    );
  }
  return granted;
}

/**
 * The service account's client a request authenticates as (client_secret_basic or
 * private_key_jwt), or the RFC 6749 refusal: `invalid_client` (401, Basic challenge) for failed
 * authentication, `unauthorized_client` for a public client or a disabled service account.
 */
export async function authenticateServiceClient(params: URLSearchParams, authorization: string | null) {
  const presented = presentedAuthentication(params, authorization);
  if (!presented) throw unauthenticated("This endpoint needs an authenticated client.");
  const client = await db().serviceClient.findUnique({
    where: { id: presented.clientId },
    include: { serviceAccount: { select: { kind: true, disabledAt: true, name: true } } },
  });
  if (!client) {
    const publicClient = await db().oAuthClient.findUnique({ where: { id: presented.clientId }, select: { id: true } });
    // A registered public client, or one known by its client_id document (an http(s) URL).
    if (publicClient || /^https?:\/\//i.test(presented.clientId)) {
      throw new AuthorizationServerError(
        "unauthorized_client",
        "A public client cannot use the client_credentials grant; it connects through the authorization code flow.",
      );
    }
    throw unauthenticated("Unknown client, or wrong credentials.");
  }
  if (presented.method !== client.authMethod || presented.assertion === undefined) {
    throw unauthenticated(`This client authenticates with ${client.authMethod}.`);
  }
  if (client.authMethod === "client_secret_basic") {
    if (!client.secretHash || !hashesEqual(hashSecret(presented.assertion), client.secretHash)) {
      throw unauthenticated("Unknown client, or wrong credentials.");
    }
  } else {
    await verifyAssertion(client.id, presented.assertion, client);
  }
  if (client.serviceAccount.disabledAt) {
    throw new AuthorizationServerError("unauthorized_client", "The service account of this client is disabled.");
  }
  return client;
}

export async function clientCredentialsGrant(
  params: URLSearchParams,
  authorization: string | null,
  clientAddress: string | null,
  dpop: { jkt: string } | null = null,
): Promise<ClientCredentialsResponse> {
  const client = await authenticateServiceClient(params, authorization);
  return issueServiceAccess(params, clientAddress, dpop, {
    serviceAccountId: client.serviceAccountId,
    orgId: client.orgId,
    name: client.name,
    scopes: client.scopes,
    origin: { serviceClientId: client.id },
    audit: { client: client.name, clientId: client.id, grant: "client_credentials" },
    onIssued: (tx) => tx.serviceClient.update({ where: { id: client.id }, data: { lastUsedAt: new Date() } }),
  });
}

/** A machine a service account's access token is issued to: its client, or a workload under a trust policy. */
export type ServiceAccessRequest = {
  serviceAccountId: string;
  orgId: string;
  /** The token's name, for usage and the audit log. */
  name: string;
  /** Space-separated: the most the machine may hold. */
  scopes: string;
  /** The longest the token may live; the organization's app access lifetime when absent. */
  lifetimeMs?: number;
  origin: { serviceClientId: string } | { trustPolicyId: string; workload: Record<string, string> };
  audit: Record<string, unknown>;
  onIssued: (tx: Prisma.TransactionClient) => Promise<unknown>;
};

/**
 * A short-lived access token for a service account, with no refresh token, for /mcp or one of its
 * organization's servers (RFC 8707): at most the machine's scopes, within the organization's
 * policy as it is now (the member scopes, as a machine gets no more than a member; no token where
 * every token must name its client addresses; DPoP where it is required).
 */
export async function issueServiceAccess(
  params: URLSearchParams,
  clientAddress: string | null,
  dpop: { jkt: string } | null,
  machine: ServiceAccessRequest,
): Promise<ClientCredentialsResponse> {
  const resource = await requestedResource(params);
  if (resource.server && resource.server.orgId !== machine.orgId) {
    throw new AuthorizationServerError(
      "invalid_target",
      `${resource.url} is not a server of this service account's organization.`,
    );
  }
  const policy = await tokenPolicy(machine.orgId);
  requireDpopUnder(policy, dpop);
  if (policy.requireAllowedAddresses) {
    throw new AuthorizationServerError(
      "unauthorized_client",
      "Your organization's policy requires every token to name its client addresses; use a service account token.",
    );
  }
  const served = resourceScopes(resource);
  const ownScopes = normalizeScopes(machine.scopes.split(" ").filter(Boolean)).filter(
    (scope) => (policy.memberScopes === null || policy.memberScopes.includes(scope)) && served.includes(scope),
  );
  const scopes = grantedScopes(single(params, "scope"), ownScopes);
  const lifetime = Math.min(
    machine.lifetimeMs ?? appLifetimes(policy).accessMs,
    (policy.maxExpiryDays ?? Infinity) * DAY_MS,
  );
  const { token } = await db().$transaction(async (tx) => {
    const issued = await issueToken(tx, {
      userId: machine.serviceAccountId,
      orgId: machine.orgId,
      name: machine.name,
      scopes,
      lifetimeMs: lifetime,
      rateLimitPerHour: Math.min(
        policy.maxRateLimitPerHour ?? DEFAULT_RATE_LIMIT_PER_HOUR,
        DEFAULT_RATE_LIMIT_PER_HOUR,
      ),
      ...("serviceClientId" in machine.origin
        ? { serviceClientId: machine.origin.serviceClientId }
        : { trustPolicyId: machine.origin.trustPolicyId, workload: machine.origin.workload }),
      server: resource.server && { id: resource.server.id, slug: resource.server.slug },
      dpopJkt: dpop?.jkt ?? null,
    });
    await machine.onIssued(tx);
    await recordAuditEvent(tx, {
      clientAddress,
      orgId: machine.orgId,
      actorUserId: null,
      action: "oauth.token_issued",
      targetType: "service_account",
      targetId: machine.serviceAccountId,
      metadata: { ...machine.audit, scopes, ...(resource.server && { resource: resource.url }) },
    });
    return issued;
  });
  metrics().oauthEvents.inc({ event: "issued" });
  return {
    access_token: token,
    token_type: tokenType(dpop?.jkt),
    expires_in: Math.floor(lifetime / 1000),
    scope: scopes.join(" "),
  };
}
