import { createHash, timingSafeEqual } from "node:crypto";

/** SHA-256 of the whole token, hex: what the store keeps instead of the token. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
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
