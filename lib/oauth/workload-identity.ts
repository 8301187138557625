import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
} from "jose";
import { recordAuditEvent } from "../audit/record-audit-event";
import { firstUse } from "../auth/single-use";
import { config } from "../config";
import { db } from "../db/client";
import type { WorkloadTrust } from "../db/types";
import { log } from "../log";
import { outboundUrlProblem } from "../net/outbound";
import { ExpiringCache } from "../expiring-cache";
import { increment } from "../rate-limit/counters";
import { HOUR_SECONDS } from "../time";
import { single } from "./authorization";
import { ASSERTION_ALGORITHMS, issueServiceAccess, type ClientCredentialsResponse } from "./client-credentials";
import { AuthorizationServerError } from "./errors";
import { fetchClientDocument } from "./fetch-client-document";

// Workload identity federation (the MCP authorization extension drafted as SEP-1933; RFC 7523's
// JWT bearer grant, or RFC 8693 token exchange with a JWT subject token): a CI job or a pod presents
// the short-lived JWT its platform issued it (GitHub Actions, GitLab CI, a Kubernetes projected
// service-account token) and gets a short-lived access token of the service account whose trust
// policy accepts it, with no secret stored anywhere. A policy names the issuer (its keys from
// OpenID Connect discovery or a JWK Set URL, fetched under the outbound address policy), the
// audience, and conditions on claims; what is issued is at most its scopes and lifetime, within
// the organization's token policy, with no refresh token: the workload asks its platform again.

// Keys are kept a few minutes. A `kid` not among them (the issuer rotated) has them read again, at
// most once a minute for that kid and once a second for the issuer, so made-up kids cannot make
// Keyway hammer an issuer.
const KEYS_TTL_MS = 5 * 60_000;
const SAME_KID_REFETCH_MS = 60_000;
const SOURCE_REFETCH_MS = 1_000;
const DOCUMENT_MAX_BYTES = 64 * 1024;
const CLOCK_TOLERANCE_S = 30;

export type KeySource = { issuer: string; jwksUri: string | null };

const keySets = new ExpiringCache<{ keys: JSONWebKeySet; fetchedAt: number }>(500);
const kidsRefetchedFor = new ExpiringCache<true>(1000);

const unavailable = (what: string) =>
  new AuthorizationServerError("temporarily_unavailable", `The issuer's ${what} could not be read.`);

async function fetchJson(url: URL, what: string): Promise<Record<string, unknown>> {
  const problem = outboundUrlProblem(url, config().outbound);
  if (problem) throw new AuthorizationServerError("invalid_grant", `The issuer's ${what} URL is refused: ${problem}.`);
  try {
    const { body } = await fetchClientDocument(url, config().outbound, { what, maxBytes: DOCUMENT_MAX_BYTES });
    if (!body || typeof body !== "object") throw unavailable(what);
    return body as Record<string, unknown>;
  } catch (error) {
    log("warn", "oauth.workload_keys_unavailable", {
      issuerUrl: url.origin,
      reason: error instanceof Error ? error.message : "",
    });
    throw unavailable(what);
  }
}

/** OpenID Connect Discovery 1.0 sections 4 and 4.3: the document at the issuer, naming that very issuer. */
async function discoveredJwksUri(issuer: string): Promise<URL> {
  const document = await fetchJson(
    new URL(`${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`),
    "discovery document",
  );
  if (document.issuer !== issuer || typeof document.jwks_uri !== "string" || !URL.canParse(document.jwks_uri)) {
    throw new AuthorizationServerError(
      "invalid_grant",
      "The issuer's discovery document names another issuer or no jwks_uri.",
    );
  }
  return new URL(document.jwks_uri);
}

/**
 * The issuer's public keys; `unknownKid` (a token's kid not among the kept keys) reads them again
 * within the limits above.
 */
export async function issuerKeys(
  source: KeySource,
  { unknownKid }: { unknownKid?: string } = {},
): Promise<JSONWebKeySet> {
  const cacheKey = `${source.issuer}\u0000${source.jwksUri ?? ""}`;
  const known = keySets.get(cacheKey);
  if (known && unknownKid === undefined) return known.keys;
  if (known && unknownKid !== undefined) {
    const kidKey = `${cacheKey}\u0000${unknownKid}`;
    if (kidsRefetchedFor.get(kidKey) || Date.now() - known.fetchedAt < SOURCE_REFETCH_MS) return known.keys;
    kidsRefetchedFor.set(kidKey, true, SAME_KID_REFETCH_MS);
  }
  const url = source.jwksUri ? new URL(source.jwksUri) : await discoveredJwksUri(source.issuer);
  const body = await fetchJson(url, "JWK Set");
  if (!Array.isArray(body.keys)) throw unavailable("JWK Set");
  const keys = { keys: body.keys } as JSONWebKeySet;
  keySets.set(cacheKey, { keys, fetchedAt: Date.now() }, KEYS_TTL_MS);
  return keys;
}

/** A claim by name, or by a path into nested claims (`kubernetes.io/namespace`); scalars as strings. */
export function claimAt(payload: JWTPayload, path: string): string | null {
  let value: unknown = path in payload ? payload[path] : undefined;
  if (value === undefined) {
    value = path.split("/").reduce<unknown>((node, part) => {
      return node && typeof node === "object" && !Array.isArray(node)
        ? (node as Record<string, unknown>)[part]
        : undefined;
    }, payload);
  }
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

/** Exact, or with `*` standing for any run of characters (`refs/heads/*`, `acme/*`). */
export function matchesPattern(value: string, pattern: string): boolean {
  const expression = pattern
    .split("*")
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${expression}$`, "s").test(value);
}

/** What names a workload in usage, the audit log and whoami: the subject, the platform's usual claims, and those a policy tests. */
const IDENTIFYING_CLAIMS = [
  "iss",
  "sub",
  "repository",
  "workflow",
  "job_workflow_ref",
  "ref",
  "environment",
  "run_id",
  "actor",
  "project_path",
  "pipeline_source",
  "kubernetes.io/namespace",
  "kubernetes.io/serviceaccount/name",
  "kubernetes.io/pod/name",
];

export function workloadClaims(payload: JWTPayload, conditions: Record<string, string>): Record<string, string> {
  const named: Record<string, string> = {};
  for (const claim of new Set([...IDENTIFYING_CLAIMS, ...Object.keys(conditions)])) {
    const value = claimAt(payload, claim);
    if (value !== null) named[claim] = value.slice(0, 200);
  }
  return named;
}

/** A trust policy with what the exchange asks of its service account. */
type Policy = WorkloadTrust & { serviceAccount: { disabledAt: Date | null } };

const conditionsOf = (policy: { conditions: string }) => JSON.parse(policy.conditions) as Record<string, string>;

/** Why the policy refuses a verified token (for its owners' audit log), or null when it accepts it. */
function mismatch(policy: Policy, payload: JWTPayload): string | null {
  if (![payload.aud ?? []].flat().includes(policy.audience)) {
    return `audience is ${JSON.stringify(payload.aud ?? null)}, not ${policy.audience}`;
  }
  for (const [claim, pattern] of Object.entries(conditionsOf(policy))) {
    const value = claimAt(payload, claim);
    if (value === null) return `claim ${claim} is missing`;
    if (!matchesPattern(value, pattern)) return `claim ${claim} is ${JSON.stringify(value)}, not ${pattern}`;
  }
  if (policy.serviceAccount.disabledAt) return "the service account is disabled";
  return null;
}

const refused = (description: string) => new AuthorizationServerError("invalid_grant", description);
const NO_POLICY = "No trust policy accepts this token; its owners can read why in their audit log.";

/**
 * Anyone can have GitHub sign a token for Keyway's audience, so refusals are recorded for the
 * owners at most this often per policy and hour: enough to see why a workload fails, never a flood.
 */
const REFUSALS_AUDITED_PER_HOUR = 30;

async function auditRefusal(policy: Policy, payload: JWTPayload, reason: string, address: string | null) {
  const { count } = await increment("keyway:wif-refusals", HOUR_SECONDS, policy.id);
  if (count > REFUSALS_AUDITED_PER_HOUR) return;
  await recordAuditEvent(db(), {
    clientAddress: address,
    orgId: policy.orgId,
    actorUserId: null,
    action: "service_account.workload_refused",
    targetType: "service_account",
    targetId: policy.serviceAccountId,
    metadata: {
      policyId: policy.id,
      policy: policy.name,
      reason,
      workload: workloadClaims(payload, conditionsOf(policy)),
    },
  });
}

/** The workload's JWT verified with its issuer's keys (asymmetric algorithms only), or the refusal. */
async function verified(jwt: string, source: KeySource): Promise<JWTPayload> {
  const verify = async (keys: JSONWebKeySet) =>
    (
      await jwtVerify(jwt, createLocalJWKSet(keys), {
        algorithms: ASSERTION_ALGORITHMS,
        issuer: source.issuer,
        requiredClaims: ["exp", "iat", "sub", "jti"],
        clockTolerance: CLOCK_TOLERANCE_S,
      })
    ).payload;
  try {
    try {
      return await verify(await issuerKeys(source));
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
      return await verify(await issuerKeys(source, { unknownKid: String(decodeProtectedHeader(jwt).kid) }));
    }
  } catch (error) {
    if (error instanceof AuthorizationServerError) throw error;
    if (error instanceof errors.JWTExpired) throw refused("The token has expired.");
    if (error instanceof errors.JWTClaimValidationFailed) {
      throw refused(
        error.claim === "nbf" ? "The token is not valid yet." : `The token's ${error.claim} claim is not accepted.`,
      );
    }
    if (error instanceof errors.JWKSNoMatchingKey) throw refused("No key of the issuer matches the token's kid.");
    if (error instanceof errors.JOSEAlgNotAllowed) throw refused("The token's alg is not accepted.");
    throw refused("The token's signature does not verify with the issuer's keys.");
  }
}

/**
 * The exchange: `jwt` is the workload's token (an RFC 7523 `assertion`, or an RFC 8693
 * `subject_token`). Refusals are `invalid_grant`; why a trusted issuer's genuine token matched no
 * policy goes to the owners' audit log, never to the workload.
 */
export async function workloadGrant(
  jwt: string,
  params: URLSearchParams,
  clientAddress: string | null,
  dpop: { jkt: string } | null,
): Promise<ClientCredentialsResponse> {
  let header, unverified;
  try {
    header = decodeProtectedHeader(jwt);
    unverified = decodeJwt(jwt);
  } catch {
    throw refused("The token is not a JWT.");
  }
  if (typeof header.alg !== "string" || !ASSERTION_ALGORITHMS.includes(header.alg)) {
    throw refused(`The token's alg must be one of ${ASSERTION_ALGORITHMS.join(", ")}.`);
  }
  if (typeof unverified.iss !== "string") throw refused("The token has no issuer.");
  // RFC 7523 section 3.1 lets a client name itself: here, which policy it means when several could.
  const named = single(params, "client_id");
  const candidates: Policy[] = await db().workloadTrust.findMany({
    where: { issuer: unverified.iss, ...(named !== null && { id: named }) },
    include: { serviceAccount: { select: { disabledAt: true } } },
  });
  if (!candidates.length) throw refused("No trust policy accepts tokens of this issuer.");

  // Policies of one issuer usually share its keys. Each key source is asked, and only the policies
  // reading a source that verifies the token are: a token another source signed proves nothing to
  // them, and a source that also publishes the issuer's real keys cannot keep the token from others.
  const verifiedBy = new Set<string | null>();
  let payload: JWTPayload | null = null;
  let failure: unknown = null;
  for (const jwksUri of new Set(candidates.map((policy) => policy.jwksUri))) {
    try {
      payload = await verified(jwt, { issuer: unverified.iss, jwksUri });
      verifiedBy.add(jwksUri);
    } catch (error) {
      failure ??= error;
    }
  }
  if (!payload) throw failure;
  if (payload.iat! > Date.now() / 1000 + CLOCK_TOLERANCE_S) throw refused("The token was issued in the future.");

  const matched: Policy[] = [];
  for (const policy of candidates.filter((candidate) => verifiedBy.has(candidate.jwksUri))) {
    const reason = mismatch(policy, payload);
    if (reason) await auditRefusal(policy, payload, reason, clientAddress);
    else matched.push(policy);
  }
  if (matched.length > 1) {
    for (const policy of matched) {
      await auditRefusal(
        policy,
        payload,
        "another trust policy accepts the same token; the workload must name this one with client_id",
        clientAddress,
      );
    }
    throw refused("More than one trust policy accepts this token: name yours with client_id (its policy id).");
  }
  const [policy] = matched;
  if (!policy) throw refused(NO_POLICY);
  if (!(await firstUse(`workload\u0000${policy.issuer}\u0000${payload.jti}`, new Date((payload.exp! + 60) * 1000)))) {
    await auditRefusal(policy, payload, "the token was used already (its jti)", clientAddress);
    throw refused("The token was already used (its jti).");
  }

  const workload = workloadClaims(payload, conditionsOf(policy));
  return issueServiceAccess(params, clientAddress, dpop, {
    serviceAccountId: policy.serviceAccountId,
    orgId: policy.orgId,
    name: `${policy.name}: ${workload.sub}`.slice(0, 100),
    scopes: policy.scopes,
    lifetimeMs: policy.maxLifetimeMinutes * 60_000,
    origin: { trustPolicyId: policy.id, workload },
    audit: { grant: "workload_identity", policyId: policy.id, policy: policy.name, workload },
    onIssued: (tx) => tx.workloadTrust.update({ where: { id: policy.id }, data: { lastUsedAt: new Date() } }),
  });
}
