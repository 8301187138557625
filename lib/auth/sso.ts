import { createLocalJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from "jose";
import * as oidc from "openid-client";
import { recordAuditEvent, recordUserAction } from "../audit/record-audit-event";
import { config } from "../config";
import { db } from "../db/client";
import { DomainError } from "../errors";
import { log } from "../log";
import { guardedFetch, outboundUrlProblem } from "../net/outbound";
import { isUniqueViolation } from "../db/errors";
import type { Prisma } from "../db/types";
import { findAccountUser, joinOrganization, type AccountUser } from "./accounts";
import { domainChallenge, domainProven } from "./domain-proof";
import type { Role } from "./roles";
import type { SsoSettings, SsoView } from "./schemas";
import { seal, unseal } from "./sealed";
import type { SsoRefusalReason } from "./sso-reasons";
import { ExpiringCache } from "../expiring-cache";

// Single sign-on per organization through its identity provider (OpenID Connect), with
// openid-client: the authorization code flow with PKCE (S256), `state` and `nonce`, and the ID
// token's signature checked against the provider's JWKS (non-repudiation checks), besides its
// issuer, audience and expiry. What is in flight between the redirect and the callback (state,
// nonce, code verifier) travels sealed in a short-lived cookie, not in the store.
//
// A provider speaks only for its own organization (issue 32): its domains count once proven by
// DNS (./domain-proof.ts); people are found by their identity at the provider (issuer + subject)
// once linked, and before that by a verified address of a proven domain, but only when they are
// already members or have no account at all: an existing account elsewhere is linked only from a
// session its person opened with their own credentials. A session the provider opens reaches
// the provider's organization only (lib/auth/accounts.ts).

export class SsoRefused extends DomainError {
  constructor(
    readonly reason: SsoRefusalReason,
    message: string,
    /** Refused while linking a signed-in person's account (their Account page shows why). */
    readonly linking = false,
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

async function providerOf(orgId: string): Promise<(Provider & { provenDomains: string[]; newPeople: string }) | null> {
  const connection = await db().ssoConnection.findUnique({ where: { orgId }, include: { domains: true } });
  if (!connection) return null;
  const sealed = await unseal<{ secret: string }>("sso-client-secret", connection.clientSecretSealed);
  if (!sealed) throw new Error("The SSO client secret does not open with this AUTH_SECRET.");
  return {
    issuer: connection.issuer,
    clientId: connection.clientId,
    clientSecret: sealed.secret,
    // Until proven, a domain admits no one.
    provenDomains: connection.domains.filter((d) => d.proven).map((d) => d.domain),
    newPeople: connection.newPeople,
  };
}

/** The organization that proved `domain`, or null. */
async function holderOf(domain: string): Promise<string | null> {
  return (await db().ssoDomain.findUnique({ where: { proven: domain }, select: { orgId: true } }))?.orgId ?? null;
}

const domainOf = (email: string) => email.trim().toLowerCase().split("@").at(-1) ?? "";

// --- Settings (the Organization page, /api/v2/organization/sso) ---

export async function ssoSettings(user: AccountUser): Promise<SsoView> {
  const connection = await db().ssoConnection.findUnique({ where: { orgId: user.orgId }, include: { domains: true } });
  return {
    configured: connection !== null,
    callbackUrl: ssoCallbackUrl(),
    issuer: connection?.issuer ?? null,
    clientId: connection?.clientId ?? null,
    domains: (connection?.domains ?? [])
      .sort((a, b) => a.domain.localeCompare(b.domain))
      .map((d) => ({
        domain: d.domain,
        status: d.proven ? ("proven" as const) : ("unproven" as const),
        provenAt: d.provenAt?.toISOString() ?? null,
        record: domainChallenge(user.orgId, d.domain),
      })),
    newPeople: connection?.newPeople === "refuse" ? "refuse" : "member",
    required: connection?.required ?? false,
    updatedAt: connection?.updatedAt.toISOString() ?? null,
  };
}

/**
 * Sets up (or changes) the organization's provider. The provider must answer discovery with
 * these settings before they are saved. Domains are claimed, not held: each admits no one until
 * proven (`proveDomain`); one another organization has proven is refused. A proof outlives later
 * changes while the domain stays listed. Turning "required" on makes members' password sign-ins
 * stop reaching the organization at their next request (lib/auth/accounts.ts `reaches`); their
 * other organizations are not touched.
 */
export async function configureSso(user: AccountUser, settings: SsoSettings): Promise<SsoView> {
  const existing = await providerOf(user.orgId);
  const clientSecret = settings.clientSecret ?? existing?.clientSecret;
  if (!clientSecret) {
    throw new DomainError("validation_error", "clientSecret: required to set up single sign-on", {
      fields: { clientSecret: ["required to set up single sign-on"] },
    });
  }
  const domains = [...new Set(settings.domains)];
  const taken = await db().ssoDomain.findMany({
    where: { proven: { in: domains }, orgId: { not: user.orgId } },
    select: { domain: true },
  });
  if (taken.length) {
    throw new DomainError(
      "conflict",
      `${taken.map((d) => d.domain).join(", ")}: already proven by another organization.`,
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
  await db().$transaction(async (tx) => {
    await tx.ssoConnection.upsert({
      where: { orgId: user.orgId },
      create: { orgId: user.orgId, ...data },
      update: data,
    });
    await tx.ssoDomain.deleteMany({ where: { orgId: user.orgId, domain: { notIn: domains } } });
    const kept = await tx.ssoDomain.findMany({ where: { orgId: user.orgId }, select: { domain: true } });
    for (const domain of domains.filter((d) => !kept.some((k) => k.domain === d))) {
      await tx.ssoDomain.create({ data: { domain, orgId: user.orgId } });
    }
    await recordUserAction(tx, user, {
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
  await db().$transaction(async (tx) => {
    const removed = await tx.ssoConnection.deleteMany({ where: { orgId: user.orgId } });
    if (removed.count === 0) return;
    await recordUserAction(tx, user, {
      action: "sso.removed",
      targetType: "organization",
      targetId: user.orgId,
    });
  });
  return ssoSettings(user);
}

/**
 * Proves a claimed domain by its DNS TXT record (owners): once proven, the organization's provider
 * speaks for addresses there. A missing or wrong record is refused with the record to publish.
 */
export async function proveDomain(user: AccountUser, domain: string): Promise<SsoView> {
  const claim = await db().ssoDomain.findUnique({ where: { orgId_domain: { orgId: user.orgId, domain } } });
  if (!claim) throw new DomainError("not_found", `${domain} is not one of your organization's single sign-on domains.`);
  if (claim.proven) return ssoSettings(user);
  const audit = (tx: Prisma.TransactionClient, action: "sso.domain_proven" | "sso.domain_proof_failed") =>
    recordUserAction(tx, user, {
      action,
      targetType: "organization",
      targetId: user.orgId,
      metadata: { domain },
    });
  const record = domainChallenge(user.orgId, domain);
  if (!(await domainProven(user.orgId, domain))) {
    await db().$transaction((tx) => audit(tx, "sso.domain_proof_failed"));
    throw new DomainError(
      "conflict",
      `${domain} is not proven yet: no TXT record "${record.value}" at ${record.name}. Publish it with your DNS provider, then check again (new records can take a while to appear).`,
    );
  }
  try {
    await db().$transaction(async (tx) => {
      await tx.ssoDomain.update({
        where: { orgId_domain: { orgId: user.orgId, domain } },
        data: { proven: domain, provenAt: new Date() },
      });
      await audit(tx, "sso.domain_proven");
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new DomainError("conflict", `${domain}: already proven by another organization.`);
    throw error;
  }
  return ssoSettings(user);
}

// --- Signing in, and linking an existing account ---

type InFlight = {
  orgId: string;
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string | null;
  /** A link in flight: the person who asked for it from their own session. */
  linkUserId?: string;
};

/** Who the browser at the callback is signed in as, when linking: their session's user and scope. */
export type SignedIn = { userId: string; ssoOrgId: string | null } | null;

/**
 * The provider's authorization URL for a person's e-mail address, and the sealed state the
 * callback needs (to be kept in a cookie for at most ten minutes). Only a proven domain leads to
 * a provider. With `linkUserId`, the sign-in links that person's account instead (`linkSso`).
 */
export async function beginSsoSignIn(email: string, returnTo: string | null, linkUserId?: string) {
  const orgId = await holderOf(domainOf(email));
  const provider = orgId && (await providerOf(orgId));
  if (!orgId || !provider) throw new SsoRefused("unknown_domain", "No organization signs in this domain through SSO.");
  let configuration;
  try {
    configuration = await discover(provider);
  } catch (error) {
    log("warn", "sso.discovery_failed", { orgId, reason: error instanceof Error ? error.message : "" });
    throw new SsoRefused("unavailable", "The identity provider could not be reached.");
  }
  const inFlight: InFlight = {
    orgId,
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    verifier: oidc.randomPKCECodeVerifier(),
    returnTo,
    ...(linkUserId && { linkUserId }),
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
 * A person signed in with their own credentials asks to link their account to the provider of
 * `email`'s organization (their work address there): the provider's sign-in, like `beginSsoSignIn`,
 * whose callback links rather than opens a session. Refused from a session a provider opened: a
 * provider never extends its reach through another's.
 */
export async function linkSso(user: AccountUser, email: string) {
  if (user.ssoOrgId) {
    throw new DomainError(
      "forbidden",
      "Sign in with your own password (and second factor) to link your account to single sign-on.",
    );
  }
  try {
    return await beginSsoSignIn(email, "/account?linked=sso", user.id);
  } catch (error) {
    if (error instanceof SsoRefused)
      throw new DomainError(error.reason === "unavailable" ? "service_unavailable" : "not_found", error.message);
    throw error;
  }
}

export type SsoOutcome =
  | { kind: "signed_in"; user: AccountUser; orgId: string; returnTo: string | null }
  | { kind: "linked"; userId: string; returnTo: string | null };

/**
 * The callback: the code redeemed and the ID token verified, then the person it names, linked,
 * joined or refused as the organization chose. `query` is the callback's query string; the
 * redirect URI compared is always Keyway's own, derived from APP_URL. `signedIn` is who the
 * browser is signed in as (a link must be completed by the session that asked for it).
 */
export async function completeSsoSignIn(
  query: URLSearchParams,
  sealedState: string | null,
  clientAddress: string | null,
  signedIn: SignedIn = null,
): Promise<SsoOutcome> {
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
        metadata: { reason, detail, ...(inFlight.linkUserId && { link: true }) },
      }),
    );
    return new SsoRefused(reason, detail, Boolean(inFlight.linkUserId));
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
  if (!provider.provenDomains.includes(domainOf(email))) {
    throw await refuse("foreign_domain", `${email} is outside the organization's proven domains.`);
  }
  const identity = { issuer: provider.issuer, subject: claims.sub };
  const linked = await db().ssoIdentity.findUnique({ where: { issuer_subject: identity } });

  if (inFlight.linkUserId) {
    // Completed by the very person who asked, still signed in with their own credentials.
    if (signedIn?.userId !== inFlight.linkUserId || signedIn.ssoOrgId !== null)
      throw await refuse("not_linked", "The session that asked for the link is not the one completing it.");
    if (linked && linked.userId !== inFlight.linkUserId) {
      throw await refuse(
        "not_linked",
        "This identity at the provider is linked to another account.",
        inFlight.linkUserId,
      );
    }
    const member = await db().membership.findUnique({
      where: { userId_orgId: { userId: inFlight.linkUserId, orgId: inFlight.orgId } },
    });
    if (!member && provider.newPeople === "refuse") {
      throw await refuse(
        "no_account",
        `${email} is not a member and the organization does not add people on sign-in.`,
        inFlight.linkUserId,
      );
    }
    await db().$transaction(async (tx) => {
      if (!linked) {
        await linkIdentity(tx, {
          ...identity,
          userId: inFlight.linkUserId!,
          orgId: inFlight.orgId,
          clientAddress,
          via: "account",
        });
      }
      await joinOrganization(tx, {
        userId: inFlight.linkUserId!,
        orgId: inFlight.orgId,
        role: "member",
        clientAddress,
        via: SSO,
      });
    });
    return { kind: "linked", userId: inFlight.linkUserId, returnTo: inFlight.returnTo };
  }

  const person = linked
    ? await db().user.findUnique({ where: { id: linked.userId } })
    : await db().user.findUnique({ where: { email, kind: "person" } });
  const membership = person
    ? await db().membership.findUnique({ where: { userId_orgId: { userId: person.id, orgId: inFlight.orgId } } })
    : null;
  // A provider never takes over an account its organization does not hold: the person links it
  // from their own session (`linkSso`), or is not signed in.
  if (person && !membership) {
    // Recorded without naming the account: it is not the organization's to see.
    throw await refuse(
      "existing_account",
      "The address belongs to an account that is not a member of the organization.",
    );
  }
  if (!person && provider.newPeople === "refuse") {
    throw await refuse("no_account", `${email} is not a member and the organization does not add people on sign-in.`);
  }
  const name = typeof claims.name === "string" ? claims.name.slice(0, 200) : null;
  const userId = await db().$transaction(async (tx) => {
    // A person with no account yet gets one with no password: they sign in through the provider.
    const user = person ?? (await tx.user.create({ data: { email, name, passwordHash: "" } }));
    if (!linked)
      await linkIdentity(tx, { ...identity, userId: user.id, orgId: inFlight.orgId, clientAddress, via: "sign_in" });
    await joinOrganization(tx, { userId: user.id, orgId: inFlight.orgId, role: "member", clientAddress, via: SSO });
    // They act in the organization they signed in through.
    await tx.user.update({ where: { id: user.id }, data: { currentOrgId: inFlight.orgId } });
    await recordUserAction(
      tx,
      { id: user.id, orgId: inFlight.orgId, clientAddress },
      {
        action: "auth.sso_signed_in",
        targetType: "user",
        targetId: user.id,
        metadata: { issuer: provider.issuer },
      },
    );
    return user.id;
  });
  const user = await findAccountUser(userId, inFlight.orgId);
  if (!user) throw await refuse("no_account", `${email} has no membership.`);
  return { kind: "signed_in", user: { ...user, clientAddress }, orgId: inFlight.orgId, returnTo: inFlight.returnTo };
}

async function linkIdentity(
  tx: Prisma.TransactionClient,
  link: { issuer: string; subject: string; userId: string; orgId: string; clientAddress: string | null; via: string },
) {
  await tx.ssoIdentity.create({ data: { issuer: link.issuer, subject: link.subject, userId: link.userId } });
  await recordAuditEvent(tx, {
    orgId: link.orgId,
    actorUserId: link.userId,
    clientAddress: link.clientAddress,
    action: "auth.sso_identity_linked",
    targetType: "user",
    targetId: link.userId,
    metadata: { issuer: link.issuer, via: link.via },
  });
}

/** How a person joined, in the audit log. */
const SSO = { via: "sso" };

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
 * sign-in, or else by `email` when it is an address of a domain the organization has proven and
 * its person is already a member (then linked, as a first sign-in would); null for anyone else.
 * Like single sign-on, an assertion never reaches an account outside the organization.
 */
export async function ssoMember(
  orgId: string,
  issuer: string,
  subject: string,
  email: unknown,
): Promise<{ userId: string; role: Role } | null> {
  const membershipOf = (userId: string) =>
    db().membership.findUnique({ where: { userId_orgId: { userId, orgId } }, select: { role: true } });
  const linked = await db().ssoIdentity.findUnique({ where: { issuer_subject: { issuer, subject } } });
  if (linked) {
    const membership = await membershipOf(linked.userId);
    return membership && { userId: linked.userId, role: membership.role as Role };
  }
  if (typeof email !== "string") return null;
  const address = email.trim().toLowerCase();
  if ((await holderOf(domainOf(address))) !== orgId) return null;
  const person = await db().user.findUnique({ where: { email: address, kind: "person" } });
  const membership = person && (await membershipOf(person.id));
  if (!person || !membership) return null;
  try {
    await db().$transaction((tx) =>
      linkIdentity(tx, { issuer, subject, userId: person.id, orgId, clientAddress: null, via: "id_jag" }),
    );
  } catch (error) {
    // Two assertions for the same person at once: the other linked them.
    if (!isUniqueViolation(error)) throw error;
  }
  return { userId: person.id, role: membership.role as Role };
}
