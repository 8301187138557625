import { createHash, timingSafeEqual } from "node:crypto";

/**
 * SHA-256 of a whole secret, hex: what the store keeps instead of it (API tokens, refresh tokens,
 * authorization codes, invitation and client secrets, recovery codes). Each is long and random,
 * so a fast hash is the right one; passwords go through scrypt instead (./password.ts).
 */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** Constant-time comparison of two hex SHA-256 hashes. */
export function hashesEqual(hash: string, storedHash: string): boolean {
  const actual = Buffer.from(hash, "hex");
  const expected = Buffer.from(storedHash, "hex");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function tokenHint(token: string): string {
  return token.slice(-6);
}
