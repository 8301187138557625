import { createSecretKey, type KeyObject } from "node:crypto";
import { compactVerify, errors, jwtVerify, SignJWT, type JWTPayload } from "jose";
import { config } from "../config";
import { urls } from "../urls";
import { hashSecret } from "../auth/secret-hash";
import { KEYWAY_JWT_HEADER } from "./secret-format";

// The one jose verifier of Keyway: API tokens (audience /mcp) and user access tokens (audience
// /api) both pass through here, with the algorithm pinned so `alg: none` and key confusion fail.
export const JWT_ALGORITHM = KEYWAY_JWT_HEADER.alg;
export const CLOCK_TOLERANCE_SECONDS = 60;

export const audiences = {
  mcp: urls.mcp,
  api: () => `${config().appUrl}/api`,
  /** An organization's upstream MCP server, served through Keyway (lib/upstream). */
  server: urls.server,
};

export type JwtFailure = { expired: boolean; reason: string };

let key: KeyObject | undefined;

/** The HMAC key as a KeyObject, imported once (jose re-imports a raw Uint8Array on every call). */
function secretKey(): KeyObject {
  key ??= createSecretKey(Buffer.from(config().jwtSecret));
  return key;
}

// jose's verification of a given token always gives the same answer except for the time checks,
// so successful results are remembered (by SHA-256 of the token, never the token) and only `exp`
// is checked again. It is the most expensive step of a request, and clients repeat one token.
const VERIFIED_CACHE_SIZE = 10_000;
const verified = new Map<string, { audience: string; payload: JWTPayload }>();

function remember(digest: string, audience: string, payload: JWTPayload) {
  if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!);
  verified.set(digest, { audience, payload });
}

function expiredNow(payload: JWTPayload): boolean {
  return typeof payload.exp === "number" && payload.exp + CLOCK_TOLERANCE_SECONDS <= Date.now() / 1000;
}

export async function signJwt(
  claims: JWTPayload,
  options: { audience: string; subject: string; jti?: string; expiresAt: Date; issuedAt?: Date },
) {
  const jwt = new SignJWT(claims)
    .setProtectedHeader(KEYWAY_JWT_HEADER)
    .setIssuer(config().appUrl)
    .setAudience(options.audience)
    .setSubject(options.subject)
    .setIssuedAt(Math.floor((options.issuedAt ?? new Date()).getTime() / 1000))
    .setExpirationTime(Math.floor(options.expiresAt.getTime() / 1000));
  if (options.jti) jwt.setJti(options.jti);
  return jwt.sign(secretKey());
}

export async function verifyJwt(
  token: string,
  audience: string,
  digest = hashSecret(token),
): Promise<{ ok: true; payload: JWTPayload } | ({ ok: false } & JwtFailure)> {
  const cached = verified.get(digest);
  if (cached && cached.audience === audience) {
    if (!expiredNow(cached.payload)) return { ok: true, payload: cached.payload };
    verified.delete(digest);
    return { ok: false, expired: true, reason: "Token has expired" };
  }
  try {
    const { payload } = await jwtVerify(token, secretKey(), {
      algorithms: [JWT_ALGORITHM],
      issuer: config().appUrl,
      audience,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ["sub", "exp", "iat"],
    });
    remember(digest, audience, payload);
    return { ok: true, payload };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, expired: true, reason: "Token has expired" };
    return { ok: false, expired: false, reason: describeJoseError(error) };
  }
}

/**
 * The claims of a JWT Keyway signed, whatever its audience and whether or not it has expired:
 * for recognising a leaked one (lib/tokens/leaks.ts), never for admitting a request. Null for
 * anything Keyway did not sign.
 */
export async function keywaySignedClaims(token: string): Promise<JWTPayload | null> {
  try {
    const { payload } = await compactVerify(token, secretKey(), { algorithms: [JWT_ALGORITHM] });
    const claims = JSON.parse(new TextDecoder().decode(payload)) as JWTPayload;
    return claims.iss === config().appUrl ? claims : null;
  } catch {
    return null;
  }
}

function describeJoseError(error: unknown): string {
  if (error instanceof errors.JWTClaimValidationFailed) return `${error.claim} claim check failed (${error.reason})`;
  if (error instanceof errors.JOSEAlgNotAllowed) return "algorithm not allowed";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "signature verification failed";
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return "malformed token";
  if (error instanceof errors.JOSEError) return error.code.replace(/^ERR_/, "").toLowerCase().replace(/_/g, " ");
  return "malformed token";
}
