import { hkdfSync } from "node:crypto";
import { EncryptJWT, jwtDecrypt } from "jose";
import { config } from "../config";

// Values the server keeps for itself and must read back (an identity provider's client secret,
// the state of a sign-in in flight): encrypted and authenticated with jose (dir + A256GCM) under
// a key derived from AUTH_SECRET for one purpose, so a value sealed for one use opens for no other.
export type SealPurpose =
  "sso-client-secret" | "sso-sign-in" | "totp-secret" | "passkey-challenge" | "upstream-secret" | "signing-key";

const keys = new Map<SealPurpose, Uint8Array>();

function keyFor(purpose: SealPurpose): Uint8Array {
  let key = keys.get(purpose);
  if (!key) {
    key = new Uint8Array(hkdfSync("sha256", config().authSecret, "keyway", `keyway sealed ${purpose}`, 32));
    keys.set(purpose, key);
  }
  return key;
}

/** Seals a JSON value; with `ttlSeconds`, it no longer opens after that long. */
export async function seal(purpose: SealPurpose, value: Record<string, unknown>, ttlSeconds?: number) {
  const jwt = new EncryptJWT({ v: value }).setProtectedHeader({ alg: "dir", enc: "A256GCM" }).setIssuedAt();
  if (ttlSeconds) jwt.setExpirationTime(`${ttlSeconds}s`);
  return jwt.encrypt(keyFor(purpose));
}

/** The sealed value, or null when it was not sealed for this purpose, was altered or has expired. */
export async function unseal<T extends Record<string, unknown>>(
  purpose: SealPurpose,
  sealed: string,
): Promise<T | null> {
  try {
    const { payload } = await jwtDecrypt(sealed, keyFor(purpose), {
      keyManagementAlgorithms: ["dir"],
      contentEncryptionAlgorithms: ["A256GCM"],
    });
    return payload.v as T;
  } catch {
    return null;
  }
}
