import { decodeJwt } from "jose";
import type { BlockList } from "node:net";
import { config } from "../config";
import { urls } from "../urls";
import { DomainError } from "../errors";
import { addressInList, parseAddressList } from "../net/client-address";
import { DpopProofError, verifyDpopProof } from "../auth/dpop";
import { audiences, verifyJwt } from "../auth/jwt";
import { hasScope, permissionsFor, type Permission, type Scope } from "../scopes";
import { hashesEqual, hashSecret } from "../auth/secret-hash";
import { isCurrentState, readTokenState, type Freshness, type TokenState } from "../db/token-store";
import { parseStoredScopes } from "./token-view";
import { MAX_DELEGATION_DEPTH } from "./delegation-chain";

/** Who an MCP request acts as. `tokenId` is null for the service principal of `env`/`none` modes. */
export type Principal = Readonly<{
  userId: string | null;
  orgId: string;
  tokenId: string | null;
  scopes: readonly Scope[];
  permissions: readonly Permission[];
  rateLimitPerHour: number | null;
  expiresAt: Date | null;
  /** The client addresses the token may be used from; null when it may be used from anywhere. */
  allowedAddresses: BlockList | null;
  /** The upstream server's tools the token may call; null: every tool. */
  tools: ReadonlySet<string> | null;
  /** RFC 9449: the thumbprint of the key the token is bound to (its signed `cnf.jkt`); null: a bearer token. */
  dpopJkt: string | null;
  /**
   * The token whose hourly counter the calls count against: its own, or for a delegated token the
   * original at the root of its chain, so handing a token on never multiplies its limit.
   */
  meteredAs: string | null;
}>;

/** The principal of a verified API token: a user, a token and an expiry are always there. */
export type TokenPrincipal = Principal & Readonly<{ userId: string; tokenId: string; expiresAt: Date }>;

/** A refused API token: the edge turns it into the RFC 6750 answer (status and challenge). */
function tokenError(
  code: "invalid_token" | "insufficient_scope",
  message: string,
  scope?: string,
  refusal?: "expired" | "revoked",
) {
  return new DomainError(code, message, { credential: "api_token", scope, refusal });
}

/**
 * Steps 2-3 of the spec's verification (the edge has taken the token from `Authorization`):
 * verify the JWS (pinned algorithm, key, `iss`, `aud`, `exp` with 60 s tolerance), then find the
 * `jti` in the store and check it is not revoked and that the presented token is the one whose
 * hash was stored. By default the state is the stored one now, so a revocation is seen by the
 * very next request on every instance. With `kept` (/mcp) an admission may rest on this instance's
 * kept row until the caller confirms it (`isCurrentAt`); a refusal only when it is for good.
 */
export async function verifyApiToken(
  token: string,
  freshness: Freshness = "current",
  audience = audiences.mcp(),
): Promise<TokenPrincipal> {
  // One SHA-256 per request: the key of jose's remembered results and the stored hash alike.
  const hash = hashSecret(token);
  // The audience is the resource the token is for (/mcp, or one upstream server): nothing else.
  const verified = await verifyJwt(token, audience, hash);
  if (!verified.ok)
    throw verified.expired
      ? tokenError("invalid_token", verified.reason, undefined, "expired")
      : tokenError("invalid_token", `Invalid token: ${verified.reason}`);
  const { jti, sub, org, cnf } = verified.payload;
  if (typeof jti !== "string" || typeof sub !== "string" || typeof org !== "string") {
    throw tokenError("invalid_token", "Invalid token: missing jti, sub or org claim");
  }
  const jkt = (cnf as { jkt?: unknown } | undefined)?.jkt;
  return principalFor({ jti, sub, org, hash, dpopJkt: typeof jkt === "string" ? jkt : null }, freshness);
}

/**
 * An API token for any resource of this deployment, Keyway's /mcp or an organization's server
 * (the validate endpoint): its own `aud` says which, and verification then pins that audience.
 * Anything else claimed is verified as /mcp's, and fails there.
 */
export async function verifyApiTokenForAnyResource(
  token: string,
): Promise<{ principal: TokenPrincipal; resource: string }> {
  let resource = audiences.mcp();
  try {
    const { aud } = decodeJwt(token);
    if (typeof aud === "string" && urls.serverSlug(aud) !== null) resource = aud;
  } catch {
    // Not a JWT: verification says so.
  }
  return { principal: await verifyApiToken(token, "current", resource), resource };
}

/**
 * The principal of the token a principal was verified from, against its stored state as
 * `freshness` says now (a kept row confirmed or read again), without verifying its signature
 * again: a request's token is verified once, its state may be read twice.
 */
export async function recheckApiToken(principal: TokenPrincipal, freshness: Freshness): Promise<TokenPrincipal> {
  const basis = basisOf.get(principal);
  return basis ? principalFor(basis.presented, freshness) : principal;
}

/** What the presented token says of itself, once its signature is verified; `hash` is its SHA-256. */
type Presented = { jti: string; sub: string; org: string; hash: string; dpopJkt: string | null };

async function principalFor(presented: Presented, freshness: Freshness): Promise<TokenPrincipal> {
  const { jti, sub } = presented;
  let row = await readTokenState(jti, sub, freshness);
  let refusal = finalRefusal(row, presented);
  // What a kept row says for good (revoked, expired, not this token) needs no confirming: those
  // never change back. An approval may have been given since, the service account enabled again
  // or a second factor set up, so those refusals are read anew.
  const liftable = row && (row.approval !== "approved" || row.holderDisabledAt || row.secondFactorMissing);
  if (!refusal && liftable && row!.epoch && freshness === "kept") {
    row = await readTokenState(jti, sub, "current");
    refusal = finalRefusal(row, presented);
  }
  refusal ??= liftableRefusal(row!);
  if (refusal) throw refusal;
  const root = row!.delegatedFromId ? await chainRoot(row!, sub, freshness) : jti;
  return principalOf(presented, row!, root);
}

/**
 * The original at the root of a delegated token's chain, once every token up the chain stands: a
 * revoked, expired or deleted one, a holder disabled or a second factor missing up there refuses
 * this one too (thrown). The chain shares the holder (and so the epoch that confirms a kept row),
 * so `freshness` applies to it as it is.
 */
async function chainRoot(row: TokenState, sub: string, freshness: Freshness): Promise<string> {
  let id = row.delegatedFromId!;
  for (let depth = 0; ; depth++) {
    const parent = depth < MAX_DELEGATION_DEPTH ? await readTokenState(id, sub, freshness) : null;
    if (!parent || parent.revokedAt || parent.userId !== sub) {
      throw tokenError("invalid_token", "The token this one was delegated from has been revoked", undefined, "revoked");
    }
    if (parent.expiresAt.getTime() <= Date.now()) {
      throw tokenError("invalid_token", "The token this one was delegated from has expired", undefined, "expired");
    }
    const refusal = liftableRefusal(parent);
    if (refusal) throw refusal;
    if (!parent.delegatedFromId) return id;
    id = parent.delegatedFromId;
  }
}

/** Why a stored state refuses the presented token for good, or null. */
function finalRefusal(row: TokenState | null, { hash, sub, org }: Presented): DomainError | null {
  if (!row) return tokenError("invalid_token", "Token not found in database");
  if (row.revokedAt) return tokenError("invalid_token", "Token has been revoked", undefined, "revoked");
  if (!hashesEqual(hash, row.tokenHash) || row.userId !== sub || row.orgId !== org) {
    return tokenError("invalid_token", "Invalid token");
  }
  if (row.expiresAt.getTime() <= Date.now())
    return tokenError("invalid_token", "Token has expired", undefined, "expired");
  return null;
}

/**
 * A refusal that can be lifted (so a kept row's is confirmed before it stands): a genuine token not
 * (or not yet) approved, 403, the credential itself is fine; one whose holder has no second factor
 * where the organization requires one, 403 with what to do (it works again once they set one up);
 * or one whose service account is disabled, 401, it authenticates no one until the account is enabled.
 */
function liftableRefusal(row: TokenState): DomainError | null {
  if (row.holderDisabledAt) {
    return tokenError("invalid_token", "The service account of this token is disabled", undefined, "revoked");
  }
  if (row.secondFactorMissing) {
    return new DomainError(
      "forbidden",
      `Your organization requires a second factor and you have none: set one up on your Account page (${config().appUrl}/account); this token works again once you have.`,
      { refusal: "policy" },
    );
  }
  if (row.approval === "pending") {
    return new DomainError("forbidden", "This token is waiting for an organization owner's or admin's approval.", {
      refusal: "policy",
    });
  }
  if (row.approval === "denied")
    return new DomainError("forbidden", "This token's approval was denied by the organization.", { refusal: "policy" });
  return null;
}

/**
 * Whether a principal from `verifyApiToken(token, "kept")` still rests on the stored state, given
 * the user's epoch read since (in the rate-limit round trip). Principals of other kinds always do.
 */
export function isCurrentAt(principal: Principal, epoch: string | null): boolean {
  const basis = basisOf.get(principal);
  return !basis || !principal.tokenId || isCurrentState(principal.tokenId, basis.state, epoch);
}

// A principal per stored state: readTokenState returns the same object while the row is unchanged,
// so scopes are parsed once per row version rather than on every request. Only the token whose
// hash the row stores passes the checks, so one row's principal has one presented token.
const principals = new WeakMap<TokenState, TokenPrincipal>();
const basisOf = new WeakMap<Principal, { state: TokenState; presented: Presented }>();

function principalOf(presented: Presented, row: TokenState, meteredAs: string): TokenPrincipal {
  const tokenId = presented.jti;
  const principal = principals.get(row);
  if (!principal) {
    // The stored scopes are authoritative: they may have been narrowed since the token was signed.
    const scopes = Object.freeze(parseStoredScopes(row.scopes));
    const made: TokenPrincipal = Object.freeze({
      userId: row.userId,
      orgId: row.orgId,
      tokenId,
      scopes,
      // mcp:admin is the holder's, never handed on: a delegated token has only the scopes it names.
      permissions: Object.freeze(permissionsFor(scopes, row.mcpAdmin && !row.delegatedFromId)),
      rateLimitPerHour: row.rateLimitPerHour,
      expiresAt: row.expiresAt,
      allowedAddresses: row.allowedAddresses ? parseAddressList(row.allowedAddresses.split(" ")) : null,
      tools: row.tools === null ? null : new Set(row.tools.split(" ").filter(Boolean)),
      dpopJkt: presented.dpopJkt,
      meteredAs,
    });
    principals.set(row, made);
    basisOf.set(made, { state: row, presented });
    return made;
  }
  return principal;
}

/** Step 4: every required scope must be held (write implies read; admins hold all). */
export function requireTokenScopes(principal: Principal, required: readonly Scope[]) {
  const missing = required.filter((scope) => !hasScope(principal, scope));
  if (missing.length) {
    throw tokenError(
      "insufficient_scope",
      `The token lacks the required scope: ${missing.join(" ")}`,
      missing.join(" "),
    );
  }
}

/**
 * A token limited to some client addresses is refused from any other (and when the address is
 * unknown). The message gives the reason, never the list.
 */
export function requireAllowedAddress(principal: Principal, address: string | null) {
  if (!isAllowedAddress(principal, address))
    throw new DomainError("forbidden", "This token may not be used from this client address.", { refusal: "address" });
}

export function isAllowedAddress(principal: Principal, address: string | null): boolean {
  return !principal.allowedAddresses || (address !== null && addressInList(principal.allowedAddresses, address));
}

/**
 * RFC 9449 section 7: a token bound to a key is accepted with the DPoP scheme and a proof made
 * with that key for this very request (`method`, the public `url`) and token; a bearer token
 * with the Bearer scheme only. Anything else is refused, with the DPoP challenge where a proof was
 * wanted.
 */
export async function requireProofOfPossession(
  principal: Principal,
  presented: { token: string; scheme: "Bearer" | "DPoP"; proof: string | null; method: string; url: string },
): Promise<void> {
  const dpopError = (code: "invalid_token" | "invalid_dpop_proof", message: string) =>
    new DomainError(code, message, { credential: "api_token", scheme: "DPoP" });
  if (principal.dpopJkt === null) {
    if (presented.scheme === "DPoP") {
      throw tokenError("invalid_token", "This token is not bound to a DPoP key: send it with the Bearer scheme.");
    }
    return;
  }
  if (presented.scheme !== "DPoP") {
    throw dpopError(
      "invalid_token",
      "This token is bound to a DPoP key: send it as Authorization: DPoP <token>, with a DPoP proof.",
    );
  }
  try {
    const { jkt } = await verifyDpopProof(presented.proof, {
      method: presented.method,
      url: presented.url,
      accessToken: presented.token,
    });
    if (jkt !== principal.dpopJkt)
      throw dpopError("invalid_dpop_proof", "The DPoP proof is made with another key than the token is bound to.");
  } catch (error) {
    if (error instanceof DpopProofError) throw dpopError("invalid_dpop_proof", error.message);
    throw error;
  }
}
