import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { config } from "../config";
import { db } from "../db/client";
import type { UpstreamServer } from "../db/types";
import { ASSERTION_LIFETIME_SECONDS, IDENTITY_ALGORITHM, signingKey } from "./signing-keys";

// The signed caller identity an upstream server gets in place of the client's token: a short-lived
// RFC 9068 access token (`typ` at+jwt) that Keyway issues for the server alone (`aud` its own URL),
// so a stock JWT verifier pointed at Keyway's metadata (jwks_uri) checks it with no secret shared.
// It names the caller (`sub`: the person or service account), `org_id`, the token's `scope`, the
// OAuth client (`client_id`; for a person's delegation to an app, `act` names the app too).

/** The caller as the gate admitted it (a token principal). */
export type Caller = Readonly<{
  userId: string | null;
  orgId: string;
  tokenId: string | null;
  scopes: readonly string[];
}>;

/** Who a token speaks for beyond its principal; fixed for the token's life, so read once. */
type Holder = { kind: string; clientId: string; delegatedTo: string | null };

const KEPT = 10_000;
const holders = new Map<string, Holder>();
const assertions = new Map<string, { jwt: string; kid: string; expiresAt: number }>();

function keep<V>(map: Map<string, V>, key: string, value: V) {
  if (map.size >= KEPT) map.delete(map.keys().next().value!);
  map.set(key, value);
}

async function holderOf(tokenId: string): Promise<Holder> {
  const known = holders.get(tokenId);
  if (known) return known;
  const token = await db().apiToken.findUnique({
    where: { id: tokenId },
    select: { serviceClientId: true, user: { select: { kind: true } }, grant: { select: { clientId: true } } },
  });
  const holder: Holder = {
    kind: token?.user.kind ?? "person",
    // A personal token is its own client: the name the request log and audit know it by.
    clientId: token?.grant?.clientId ?? token?.serviceClientId ?? tokenId,
    delegatedTo: token?.grant?.clientId ?? null,
  };
  keep(holders, tokenId, holder);
  return holder;
}

/**
 * The caller identity for one request to `server`. One is signed per token and server and reused
 * while it has more than half its life left and its key still signs.
 */
export async function callerIdentity(principal: Caller, server: UpstreamServer): Promise<string> {
  const scope = principal.scopes.join(" ");
  const tokenId = principal.tokenId ?? "none";
  const cacheKey = `${tokenId}\n${server.id}\n${server.url}\n${scope}`;
  const { kid, key } = await signingKey();
  const now = Date.now();
  const kept = assertions.get(cacheKey);
  if (kept && kept.kid === kid && kept.expiresAt - now > (ASSERTION_LIFETIME_SECONDS * 1000) / 2) return kept.jwt;

  const holder = await holderOf(tokenId);
  const issuedAt = Math.floor(now / 1000);
  const claims: Record<string, unknown> = {
    client_id: holder.clientId,
    scope,
    org_id: principal.orgId,
    kind: holder.kind,
  };
  if (holder.delegatedTo) claims.act = { sub: holder.delegatedTo };
  const jwt = await new SignJWT(claims)
    .setProtectedHeader({ alg: IDENTITY_ALGORITHM, typ: "at+jwt", kid })
    .setIssuer(config().appUrl)
    .setAudience(server.url)
    .setSubject(principal.userId ?? "anonymous")
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ASSERTION_LIFETIME_SECONDS)
    .setJti(randomUUID())
    .sign(key);
  keep(assertions, cacheKey, { jwt, kid, expiresAt: (issuedAt + ASSERTION_LIFETIME_SECONDS) * 1000 });
  return jwt;
}
