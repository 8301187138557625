import { DomainError } from "../errors";

// RFC 6750 section 2.1: `Authorization: Bearer <b64token>`, scheme case-insensitive, one credential.
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
export const MAX_AUTHORIZATION_LENGTH = 8192;

export type BearerResult =
  { kind: "missing" } | { kind: "malformed"; reason: string } | { kind: "token"; token: string };

export function parseBearer(header: string | null): BearerResult {
  if (header === null || header.trim() === "") return { kind: "missing" };
  if (header.length > MAX_AUTHORIZATION_LENGTH)
    return { kind: "malformed", reason: "Authorization header is too long" };
  // A comma is no bearer character: it is how repeated Authorization headers arrive joined.
  if (header.includes(",")) return { kind: "malformed", reason: "Send one Authorization header with one credential" };
  const parts = header.trim().split(/\s+/);
  if (parts[0]?.toLowerCase() !== "bearer") return { kind: "malformed", reason: "Authorization scheme must be Bearer" };
  if (parts.length !== 2) return { kind: "malformed", reason: "Authorization must carry exactly one bearer token" };
  const token = parts[1]!;
  if (!B64TOKEN.test(token)) return { kind: "malformed", reason: "Bearer token has invalid characters" };
  return { kind: "token", token };
}

function quote(value: string): string {
  return `"${value.replace(/["\\]/g, "\\$&")}"`;
}

/** A `WWW-Authenticate` challenge; with no `error` when the request carried no credentials (6750 §3.1). */
export function bearerChallenge(params: {
  error?: string;
  description?: string;
  scope?: string;
  resourceMetadata?: string;
}): string {
  const attributes = [`realm=${quote("keyway")}`];
  if (params.error) attributes.push(`error=${quote(params.error)}`);
  if (params.description) attributes.push(`error_description=${quote(params.description)}`);
  if (params.scope) attributes.push(`scope=${quote(params.scope)}`);
  if (params.resourceMetadata) attributes.push(`resource_metadata=${quote(params.resourceMetadata)}`);
  return `Bearer ${attributes.join(", ")}`;
}

/**
 * Step 1 of verification: the bearer token of an `Authorization` header, or the RFC 6750 failure
 * (no credentials: 401 with a bare challenge; a malformed header: 400 invalid_request).
 */
export function requireBearerToken(authorization: string | null, credential: "api_token" | "user"): string {
  const bearer = parseBearer(authorization);
  if (bearer.kind === "missing") {
    throw new DomainError("unauthorized", "Authentication required: send Authorization: Bearer <token>.", {
      credential,
    });
  }
  if (bearer.kind === "malformed") throw new DomainError("invalid_request", bearer.reason, { credential });
  return bearer.token;
}
