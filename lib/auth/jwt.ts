import { errors, jwtVerify, SignJWT, type JWTPayload } from "jose";
import { config } from "../config";

// The one jose verifier of Keyway: API tokens (audience /mcp) and user access tokens (audience
// /api) both pass through here, with the algorithm pinned so `alg: none` and key confusion fail.
export const JWT_ALGORITHM = "HS256";
export const CLOCK_TOLERANCE_SECONDS = 60;

export const audiences = {
  mcp: () => `${config().appUrl}/mcp`,
  api: () => `${config().appUrl}/api`,
};

export type JwtFailure = { expired: boolean; reason: string };

export async function signJwt(
  claims: JWTPayload,
  options: { audience: string; subject: string; jti?: string; expiresAt: Date; issuedAt?: Date },
) {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: JWT_ALGORITHM, typ: "JWT" })
    .setIssuer(config().appUrl)
    .setAudience(options.audience)
    .setSubject(options.subject)
    .setIssuedAt(Math.floor((options.issuedAt ?? new Date()).getTime() / 1000))
    .setExpirationTime(Math.floor(options.expiresAt.getTime() / 1000));
  if (options.jti) jwt.setJti(options.jti);
  return jwt.sign(config().jwtSecret);
}

export async function verifyJwt(
  token: string,
  audience: string,
): Promise<{ ok: true; payload: JWTPayload } | ({ ok: false } & JwtFailure)> {
  try {
    const { payload } = await jwtVerify(token, config().jwtSecret, {
      algorithms: [JWT_ALGORITHM],
      issuer: config().appUrl,
      audience,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ["sub", "exp", "iat"],
    });
    return { ok: true, payload };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, expired: true, reason: "Token has expired" };
    return { ok: false, expired: false, reason: describeJoseError(error) };
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
