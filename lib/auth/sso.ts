import { createLocalJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from "jose";
import * as oidc from "openid-client";
import { recordAuditEvent } from "../audit/record-audit-event";
import { config } from "../config";
import { db } from "../db/client";
import { DomainError } from "../errors";
import { log } from "../log";
import { guardedFetch, outboundUrlProblem } from "../net/outbound";
import { findAccountUser, type AccountUser } from "./accounts";
import { managesOrganization, type Role } from "./roles";
import type { SsoSettings, SsoView } from "./schemas";
import { seal, unseal } from "./sealed";
import type { SsoRefusalReason } from "./sso-reasons";
import { endAllSessions } from "./sessions";
import { ExpiringCache } from "../expiring-cache";

// Single sign-on per organization through its identity provider (OpenID Connect), with
// openid-client: the authorization code flow with PKCE (S256), `state` and `nonce`, and the ID
// token's signature checked against the provider's JWKS (non-repudiation checks), besides its
// issuer, audience and expiry. What is in flight between the redirect and the callback (state,
// nonce, code verifier) travels sealed in a short-lived cookie, not in the store. People are
// found by their identity at the provider (issuer + subject) once linked, and by a verified
// e-mail address of one of the organization's domains before that.

export class SsoRefused extends DomainError {
  constructor(
    readonly reason: SsoRefusalReason,
    message: string,
  ) {
    super("forbidden", message);
  }
}

const PROVIDER_LIMITS = { timeoutMs: 5_000, maxBytes: 256 * 1024 };
export const SSO_SIGN_IN_TTL_SECONDS = 10 * 60;
// A provider's discovered configuration is kept a few minutes (a key rotation shows up after that).
const CONFIGURATION_TTL_MS = 5 * 60_000;
const configurations = new ExpiringCache<oidc.Configuration>(100);

export function ssoCallbackUrl(): string {
  return `${config().appUrl}/sso/callback`;
}

type Provider = { issuer: string; clientId: string; clientSecret: string };

async function discover({ issuer, clientId, clientSecret }: Provider): Promise<oidc.Configuration> {
  const key = JSON.stringify([issuer, clientId, clientSecret]);
  const known = configurations.get(key);
  if (known) return known;
  const url = new URL(issuer);
  const problem = outboundUrlProblem(url, config().outbound);
  if (problem) throw new DomainError("validation_error", `issuer: ${problem}`, { fields: { issuer: [problem] } });
  const configuration = await oidc.discovery(url, clientId, undefined, oidc.ClientSecretBasic(clientSecret), {
    [oidc.customFetch]: guardedFetch(config().outbound, PROVIDER_LIMITS),
    // http only where the outbound policy allows it: a provider on loopback, for a loopback deployment.
    execute: [oidc.enableNonRepudiationChecks, ...(url.protocol === "http:" ? [oidc.allowInsecureRequests] : [])],
  });
  configurations.set(key, configuration, CONFIGURATION_TTL_MS);
  return configuration;
}

async function providerOf(orgId: string): Promise<(Provider & { domains: string[]; newPeople: string }) | null> {
  const connection = await db().ssoConnection.findUnique({ where: { orgId }, include: { domains: true } });
  if (!connection) return null;
  const sealed = await unseal<{ secret: string }>("sso-client-secret", connection.clientSecretSealed);
  if (!sealed) throw new Error("The SSO client secret does not open with this AUTH_SECRET.");
  return {
    issuer: connection.issuer,
    clientId: connection.clientId,
    clientSecret: sealed.secret,
    domains: connection.domains.map((d) => d.domain),
    newPeople: connection.newPeople,
  };
}

// --- Settings (the Organization page, /api/v2/organization/sso) ---

export async function ssoSettings(user: AccountUser): Promise<SsoView> {
  if (!managesOrganization(user)) {
    throw new DomainError("forbidden", "Only organization owners and admins can read the single sign-on settings.");
  }
  const connection = await db().ssoConnection.findUnique({ where: { orgId: user.orgId }, include: { domains: true } });
  return {
    configured: connection !== null,
    callbackUrl: ssoCallbackUrl(),
    issuer: connection?.issuer ?? null,
    clientId: connection?.clientId ?? null,
    domains: connection?.domains.map((d) => d.domain).sort() ?? [],
    newPeople: connection?.newPeople === "refuse" ? "refuse" : "member",
    required: connection?.required ?? false,
    updatedAt: connection?.updatedAt.toISOString() ?? null,
  };
}

function requireOwner(user: AccountUser) {
  if (user.role !== "owner") throw new DomainError("forbidden", "Only organization owners can set up single sign-on.");
}

/**
 * Sets up (or changes) the organization's provider. The provider must answer discovery with
 * these settings before they are saved. Turning "required" on ends the sessions and user access
 * tokens of every member who is not an owner, so each signs in again through the provider.
 */
export async function configureSso(user: AccountUser, settings: SsoSettings): Promise<SsoView> {
  requireOwner(user);
  const existing = await providerOf(user.orgId);
  const clientSecret = settings.clientSecret ?? existing?.clientSecret;
  if (!clientSecret) {
    throw new DomainError("validation_error", "clientSecret: required to set up single sign-on", {
      fields: { clientSecret: ["required to set up single sign-on"] },
    });
  }
  const domains = [...new Set(settings.domains)];
  const taken = await db().ssoDomain.findMany({
    where: { domain: { in: domains }, orgId: { not: user.orgId } },
    select: { domain: true },
  });
  if (taken.length) {
    throw new DomainError(
      "conflict",
      `${taken.map((d) => d.domain).join(", ")}: already claimed by another organization.`,
    );
  }
  try {
    await discover({ issuer: settings.issuer, clientId: settings.clientId, clientSecret });
  } catch (error) {
    if (error instanceof DomainError) throw error;
    const reason = `the provider's OpenID configuration could not be read (${error instanceof Error ? error.message : "no answer"})`;
    throw new DomainError("validation_error", `issuer: ${reason}`, { fields: { issuer: [reason] } });
  }
  const clientSecretSealed = await seal("sso-client-secret", { secret: clientSecret });
  const data = {
    issuer: settings.issuer,
    clientId: settings.clientId,
    clientSecretSealed,
    newPeople: settings.newPeople,
    required: settings.required,
  };
  const previous = await db().ssoConnection.findUnique({ where: { orgId: user.orgId }, select: { required: true } });
  await db().$transaction(async (tx) => {
    await tx.ssoConnection.upsert({
      where: { orgId: user.orgId },
      create: { orgId: user.orgId, ...data },
      update: data,
    });
    await tx.ssoDomain.deleteMany({ where: { orgId: user.orgId } });
    for (const domain of domains) await tx.ssoDomain.create({ data: { domain, orgId: user.orgId } });
    if (settings.required && !previous?.required) {
      const members = await tx.membership.findMany({
        where: { orgId: user.orgId, role: { not: "owner" }, user: { kind: "person" } },
        select: { userId: true },
      });
      for (const { userId } of members) await endAllSessions(userId, tx);
    }
    await recordAuditEvent(tx, {
      orgId: user.orgId,
      actorUserId: user.id,
      clientAddress: user.clientAddress,
      action: "sso.configured",
      targetType: "organization",
      targetId: user.orgId,
      metadata: {
        issuer: settings.issuer,
        clientId: settings.clientId,
        domains,
        newPeople: settings.newPeople,
        required: settings.required,
      },
    });
  });
  return ssoSettings(user);
}

export async function removeSso(user: AccountUser): Promise<SsoView> {
  requireOwner(user);
  await db().$transaction(async (tx) => {
    const removed = await tx.ssoConnection.deleteMany({ where: { orgId: user.orgId } });
    if (removed.count === 0) return;
    await recordAuditEvent(tx, {
      orgId: user.orgId,
      actorUserId: user.id,
      clientAddress: user.clientAddress,
      action: "sso.removed",
      targetType: "organization",
      targetId: user.orgId,
    });
  });
  return ssoSettings(user);
}

// --- Signing in ---

type InFlight = { orgId: string; state: string; nonce: string; verifier: string; returnTo: string | null };

/**
 * The provider's authorization URL for a person's e-mail address, and the sealed state the
 * callback needs (to be kept in a cookie for at most ten minutes).
 */
export async function beginSsoSignIn(email: string, returnTo: string | null) {
  const domain = email.trim().toLowerCase().split("@").at(-1) ?? "";
  const claimed = await db().ssoDomain.findUnique({ where: { domain }, select: { orgId: true } });
  const provider = claimed && (await providerOf(claimed.orgId));
  if (!claimed || !provider)
    throw new SsoRefused("unknown_domain", "No organization signs in this domain through SSO.");
  let configuration;
  try {
    configuration = await discover(provider);
  } catch (error) {
    log("warn", "sso.discovery_failed", { orgId: claimed.orgId, reason: error instanceof Error ? error.message : "" });
    throw new SsoRefused("unavailable", "The identity provider could not be reached.");
  }
  const inFlight: InFlight = {
    orgId: claimed.orgId,
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    verifier: oidc.randomPKCECodeVerifier(),
    returnTo,
  };
  const redirectTo = oidc.buildAuthorizationUrl(configuration, {
    redirect_uri: ssoCallbackUrl(),
    scope: "openid email profile",
    code_challenge: await oidc.calculatePKCECodeChallenge(inFlight.verifier),
    code_challenge_method: "S256",
    state: inFlight.state,
    nonce: inFlight.nonce,
    login_hint: email,
  });
  return { redirectTo, sealedState: await seal("sso-sign-in", inFlight, SSO_SIGN_IN_TTL_SECONDS) };
}

/**
 * The callback: the code redeemed and the ID token verified, then the person it names, linked,
 * joined or refused as the organization chose. `query` is the callback's query string; the
 * redirect URI compared is always Keyway's own, derived from APP_URL.
 */
export async function completeSsoSignIn(
  query: URLSearchParams,
  sealedState: string | null,
  clientAddress: string | null,
): Promise<{ user: AccountUser; returnTo: string | null }> {
  const inFlight = sealedState ? await unseal<InFlight>("sso-sign-in", sealedState) : null;
  if (!inFlight) throw new SsoRefused("expired", "No sign-in in flight in this browser.");
  const provider = await providerOf(inFlight.orgId);
  if (!provider) throw new SsoRefused("unknown_domain", "The organization no longer signs in through SSO.");
  const refuse = async (reason: SsoRefusalReason, detail: string, actorUserId: string | null = null) => {
    await db().$transaction((tx) =>
      recordAuditEvent(tx, {
        orgId: inFlight.orgId,
        actorUserId,
        clientAddress,
        action: "auth.sso_sign_in_refused",
        targetType: "organization",
        targetId: inFlight.orgId,
        metadata: { reason, detail },
      }),
    );
    return new SsoRefused(reason, detail);
  };
  if (query.has("error")) throw await refuse("denied", `The provider answered ${query.get("error")}.`);

  let claims;
  try {
    const configuration = await discover(provider);
    const callback = new URL(ssoCallbackUrl());
    callback.search = query.toString();
    const tokens = await oidc.authorizationCodeGrant(configuration, callback, {
      pkceCodeVerifier: inFlight.verifier,
      expectedState: inFlight.state,
      expectedNonce: inFlight.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.claims();
    // Providers that keep the ID token thin (Okta, oidc-provider) give the e-mail at userinfo.
    claims =
      idToken && typeof idToken.email !== "string"
        ? { ...(await oidc.fetchUserInfo(configuration, tokens.access_token, idToken.sub)), ...idToken }
        : idToken;
  } catch (error) {
    const detail = error instanceof Error ? error.message : "the provider's answer was not valid";
    throw await refuse("invalid_response", detail);
  }
  if (!claims) throw await refuse("invalid_response", "The provider returned no ID token.");
  const email = typeof claims.email === "string" ? claims.email.trim().toLowerCase() : "";
  if (!email || claims.email_verified !== true)
    throw await refuse("not_verified", `${email || "no e-mail"} is not verified.`);
  if (!provider.domains.includes(email.split("@").at(-1)!)) {
    throw await refuse("foreign_domain", `${email} is outside the organization's domains.`);
  }

  const subject = claims.sub;
  const linked = await db().ssoIdentity.findUnique({ where: { issuer_subject: { issuer: provider.issuer, subject } } });
  const person = linked
    ? await db().user.findUnique({ where: { id: linked.userId } })
    : await db().user.findUnique({ where: { email, kind: "person" } });
  const membership = person
    ? await db().membership.findUnique({ where: { userId_orgId: { userId: person.id, orgId: inFlight.orgId } } })
    : null;
  if (!membership && provider.newPeople === "refuse") {
    throw await refuse("no_account", `${email} is not a member and the organization does not add people on sign-in.`);
  }
  const name = typeof claims.name === "string" ? claims.name.slice(0, 200) : null;
  const userId = await db().$transaction(async (tx) => {
    // A person with no account yet gets one with no password: they sign in through the provider.
    const user = person ?? (await tx.user.create({ data: { email, name, passwordHash: "" } }));
    if (!linked) await tx.ssoIdentity.create({ data: { issuer: provider.issuer, subject, userId: user.id } });
    if (!membership) {
      await tx.membership.create({ data: { userId: user.id, orgId: inFlight.orgId, role: "member" } });
      await recordAuditEvent(tx, {
        orgId: inFlight.orgId,
        actorUserId: user.id,
        clientAddress,
        action: "member.joined",
        targetType: "user",
        targetId: user.id,
        metadata: { role: "member", via: "sso" },
      });
    }
    // They act in the organization they signed in through.
    await tx.user.update({ where: { id: user.id }, data: { currentOrgId: inFlight.orgId } });
    await recordAuditEvent(tx, {
      orgId: inFlight.orgId,
      actorUserId: user.id,
      clientAddress,
      action: "auth.sso_signed_in",
      targetType: "user",
      targetId: user.id,
      metadata: { issuer: provider.issuer },
    });
    return user.id;
  });
  const user = await findAccountUser(userId);
  if (!user) throw await refuse("no_account", `${email} has no membership.`);
  return { user: { ...user, clientAddress }, returnTo: inFlight.returnTo };
}

// --- The provider as an issuer of ID-JAGs (lib/oauth/id-jag.ts) ---

const providerKeySets = new ExpiringCache<JWTVerifyGetKey>(100);

/**
 * The organization's identity provider as an issuer of assertions: its issuer and its signing
 * keys (its JWK Set, from discovery, kept a few minutes), or null when it has none.
 */
export async function identityProviderOf(orgId: string): Promise<{ issuer: string; keys: JWTVerifyGetKey } | null> {
  const provider = await providerOf(orgId);
  if (!provider) return null;
  const jwksUri = (await discover(provider)).serverMetadata().jwks_uri;
  if (!jwksUri) throw new Error("The identity provider publishes no jwks_uri.");
  const known = providerKeySets.get(jwksUri);
  if (known) return { issuer: provider.issuer, keys: known };
  const response = await guardedFetch(config().outbound, PROVIDER_LIMITS)(jwksUri, {
    headers: { accept: "application/json" },
  });
  if (!response.ok) throw new Error(`The identity provider's JWK Set answered HTTP ${response.status}.`);
  const keys = createLocalJWKSet((await response.json()) as JSONWebKeySet);
  providerKeySets.set(jwksUri, keys, CONFIGURATION_TTL_MS);
  return { issuer: provider.issuer, keys };
}

/**
 * The member a provider's subject is in the organization: by the identity linked at an earlier
 * sign-in, or else by `email` when it is an address of the organization's domains (and then
 * linked); null for anyone who is not a member.
 */
export async function ssoMember(
  orgId: string,
  issuer: string,
  subject: string,
  email: unknown,
): Promise<{ userId: string; role: Role } | null> {
  let userId = (await db().ssoIdentity.findUnique({ where: { issuer_subject: { issuer, subject } } }))?.userId;
  if (!userId && typeof email === "string") {
    const address = email.trim().toLowerCase();
    const domain = await db().ssoDomain.findUnique({ where: { domain: address.split("@").at(-1) ?? "" } });
    const person =
      domain?.orgId === orgId ? await db().user.findUnique({ where: { email: address, kind: "person" } }) : null;
    if (person) {
      await db().ssoIdentity.upsert({
        where: { issuer_subject: { issuer, subject } },
        create: { issuer, subject, userId: person.id },
        update: {},
      });
      userId = person.id;
    }
  }
  if (!userId) return null;
  const membership = await db().membership.findUnique({
    where: { userId_orgId: { userId, orgId } },
    select: { role: true },
  });
  return membership && { userId, role: membership.role as Role };
}
