import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { calculateJwkThumbprint, decodeProtectedHeader, importJWK, jwtVerify, type JWK } from "jose";
import { config } from "../config";
import { firstUse } from "./single-use";

// RFC 9449 (DPoP), the MCP authorization extension SEP-1932: a token bound to a key its client
// holds, proved on every request by a fresh JWT signed with that key. A copied token is worth
// nothing without the key. Proofs are checked as section 4.3 says, each `jti` once on every
// instance; the authorization server asks for a nonce of its own (section 8), stateless so that
// any instance takes one another made.

/** Asymmetric algorithms only: a proof signed with a shared secret proves nothing. */
export const DPOP_ALGORITHMS = ["ES256", "ES384", "ES512", "EdDSA", "PS256", "RS256"] as const;
/** How far a proof's `iat` may be from now, either way. */
const IAT_WINDOW_SECONDS = 300;
/** A nonce lasts one window and the next. */
const NONCE_WINDOW_MS = 5 * 60_000;
const MAX_PROOF_LENGTH = 8192;

/** Why a proof was refused: `use_dpop_nonce` when only a (fresh) nonce is missing. */
export class DpopProofError extends Error {
  constructor(
    readonly error: "invalid_dpop_proof" | "use_dpop_nonce",
    message: string,
  ) {
    super(message);
  }
}

function nonceMac(window: number): string {
  return createHmac("sha256", config().jwtSecret).update(`dpop-nonce:${window}`).digest("base64url").slice(0, 22);
}

/** A nonce for the `DPoP-Nonce` header: good for this window and the next. */
export function dpopNonce(now = Date.now()): string {
  const window = Math.floor(now / NONCE_WINDOW_MS);
  return `${window.toString(36)}.${nonceMac(window)}`;
}

function nonceValid(nonce: unknown, now = Date.now()): boolean {
  if (typeof nonce !== "string") return false;
  const [windowText, mac] = nonce.split(".");
  const window = Number.parseInt(windowText ?? "", 36);
  const current = Math.floor(now / NONCE_WINDOW_MS);
  if (!mac || !Number.isSafeInteger(window) || (window !== current && window !== current - 1)) return false;
  const expected = Buffer.from(nonceMac(window));
  const given = Buffer.from(mac);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The `htu` a request is proved for: its URL without query and fragment (section 4.3, step 9). */
function targetUri(url: string): string | null {
  const parsed = URL.parse(url);
  return parsed ? `${parsed.protocol}//${parsed.host}${parsed.pathname}` : null;
}

/** base64url(SHA-256(access token)), the proof's `ath` (section 4.2). */
export const accessTokenHash = (token: string) => createHash("sha256").update(token).digest("base64url");

/**
 * Checks one DPoP proof for a request (`method`, `url`, and `accessToken` at a resource) and
 * returns the thumbprint of its key (`jkt`). Throws DpopProofError for anything section 4.3
 * refuses: not exactly one well-formed proof, another `typ`, a symmetric or unknown `alg`, a key
 * that is private or does not verify it, another method or URL, an `iat` out of the window, a
 * missing or wrong `ath`, a `jti` used before, or (where asked) a missing or stale nonce.
 */
export async function verifyDpopProof(
  proof: string | null,
  {
    method,
    url,
    accessToken,
    requireNonce = false,
  }: { method: string; url: string; accessToken?: string; requireNonce?: boolean },
): Promise<{ jkt: string }> {
  const refuse = (message: string): never => {
    throw new DpopProofError("invalid_dpop_proof", message);
  };
  if (!proof) return refuse("Send a DPoP proof in the DPoP header.");
  if (proof.length > MAX_PROOF_LENGTH || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(proof)) {
    return refuse("The DPoP header must hold exactly one proof JWT.");
  }
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(proof);
  } catch {
    return refuse("The DPoP proof is not a JWT.");
  }
  if (header.typ !== "dpop+jwt") refuse('The DPoP proof\'s typ must be "dpop+jwt".');
  const alg = header.alg;
  if (typeof alg !== "string" || !(DPOP_ALGORITHMS as readonly string[]).includes(alg)) {
    refuse(`The DPoP proof must be signed with one of ${DPOP_ALGORITHMS.join(", ")}.`);
  }
  const jwk = header.jwk as JWK | undefined;
  if (!jwk || typeof jwk !== "object" || "d" in jwk || "k" in jwk)
    refuse("The DPoP proof must carry its public key (jwk).");
  let payload: Record<string, unknown>;
  try {
    const key = await importJWK(jwk!, alg);
    ({ payload } = await jwtVerify(proof, key, { typ: "dpop+jwt", algorithms: [alg!] }));
  } catch {
    return refuse("The DPoP proof's signature does not verify with its key.");
  }
  const { jti, htm, htu, iat, ath, nonce } = payload;
  if (typeof jti !== "string" || jti.length === 0 || jti.length > 256) refuse("The DPoP proof needs a jti.");
  if (htm !== method) refuse(`The DPoP proof is for ${String(htm)}, not ${method}.`);
  if (typeof htu !== "string" || targetUri(htu) !== targetUri(url)) refuse("The DPoP proof is for another URL.");
  const now = Date.now() / 1000;
  if (typeof iat !== "number" || Math.abs(now - iat) > IAT_WINDOW_SECONDS) {
    refuse("The DPoP proof was not made just now (iat).");
  }
  if (accessToken !== undefined && ath !== accessTokenHash(accessToken)) {
    refuse("The DPoP proof is for another access token (ath).");
  }
  if (requireNonce && !nonceValid(nonce)) {
    throw new DpopProofError("use_dpop_nonce", "Authorization server requires nonce in DPoP proof");
  }
  const jkt = await calculateJwkThumbprint(jwk!, "sha256");
  // Last, so a proof refused for anything else does not spend its jti.
  if (!(await firstUse(`dpop:${jkt}:${jti}`, new Date((now + 2 * IAT_WINDOW_SECONDS) * 1000)))) {
    refuse("This DPoP proof was used before; make a fresh one for each request.");
  }
  return { jkt };
}
