import { SignJWT, decodeJwt, base64url } from "jose";
import { TEST_JWT_SECRET } from "./server";

// Hand-made tokens for the verifier's table of bad inputs.
export const testKey = new TextEncoder().encode(TEST_JWT_SECRET);

export async function signWith(claims: Record<string, unknown>, options: { key?: Uint8Array; alg?: string } = {}) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: options.alg ?? "HS256", typ: "JWT" })
    .sign(options.key ?? testKey);
}

/** The claims of a real token with some replaced, signed with the server's key. */
export async function resign(token: string, changes: Record<string, unknown>, key = testKey) {
  return signWith({ ...decodeJwt(token), ...changes }, { key });
}

export function unsignedToken(token: string) {
  const header = base64url.encode(JSON.stringify({ alg: "none", typ: "JWT" }));
  return `${header}.${token.split(".")[1]}.`;
}

/** The original signature over a payload with one claim changed. */
export function tamperedToken(token: string, changes: Record<string, unknown>) {
  const [header, , signature] = token.split(".");
  const payload = base64url.encode(JSON.stringify({ ...decodeJwt(token), ...changes }));
  return `${header}.${payload}.${signature}`;
}
