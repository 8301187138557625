import { randomBytes } from "node:crypto";

// What makes a secret Keyway issued recognisable in a log, a paste or a public repository, so
// secret scanners (GitHub's, gitleaks, trufflehog) find it and a leaked one can be revoked:
// - every JWT Keyway signs (API tokens, OAuth access tokens, user access tokens) carries one fixed
//   protected header, so its first segment is always the same text and it stays a plain JWT that
//   any verifier reads as before;
// - every opaque secret starts with a prefix of its kind and is 32 random bytes (43 base64url
//   characters): refresh tokens `kwr_`, service-account client secrets `kwcs_`, enterprise-app
//   secrets `kwes_`, invitation secrets `kwi_`.
// Identifiers (`kwc_` client ids, `kwe_` enterprise client ids) are not secrets and do not match.

/** The protected header of every JWT Keyway signs with its HMAC key. */
export const KEYWAY_JWT_HEADER = { alg: "HS256", typ: "JWT", kid: "keyway" } as const;

/** That header as it starts every such token: base64url of its JSON, in this key order. */
export const KEYWAY_JWT_PREFIX = Buffer.from(JSON.stringify(KEYWAY_JWT_HEADER)).toString("base64url");

export const SECRET_PREFIXES = {
  refresh: "kwr_",
  serviceClient: "kwcs_",
  enterpriseClient: "kwes_",
  invitation: "kwi_",
} as const;

/**
 * The one pattern that finds them, in the syntax GitHub custom patterns, gitleaks (RE2) and
 * trufflehog take: the README states this same text (a test holds them together).
 */
export const SECRET_PATTERN_SOURCE = `${KEYWAY_JWT_PREFIX}\\.[A-Za-z0-9_-]{20,}\\.[A-Za-z0-9_-]{43}|kw(?:r|cs|es|i)_[A-Za-z0-9_-]{43}`;

/** Every Keyway secret in `text`. */
export function findSecrets(text: string): string[] {
  return [...text.matchAll(new RegExp(SECRET_PATTERN_SOURCE, "g"))].map((match) => match[0]);
}

/** A new opaque secret of a kind: its prefix and 32 random bytes. */
export function newSecret(kind: keyof typeof SECRET_PREFIXES): string {
  return `${SECRET_PREFIXES[kind]}${randomBytes(32).toString("base64url")}`;
}
