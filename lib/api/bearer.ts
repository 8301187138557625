import { DomainError } from "../errors";
import { urls } from "../urls";

// RFC 6750 section 2.1: `Authorization: Bearer <b64token>`, scheme case-insensitive, one credential.
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
export const MAX_AUTHORIZATION_LENGTH = 8192;

export type BearerResult =
  | { kind: "missing" }
  | { kind: "malformed"; reason: string }
  | { kind: "token"; token: string; scheme: "Bearer" | "DPoP" };

/**
 * The credential of an `Authorization` header: `Bearer <token>` (RFC 6750), or `DPoP <token>`
 * (RFC 9449 section 7.1: the same token syntax, proved by a `DPoP` header) where `dpop` allows it.
 */
export function parseBearer(header: string | null, { dpop = false } = {}): BearerResult {
  if (header === null || header.trim() === "") return { kind: "missing" };
  if (header.length > MAX_AUTHORIZATION_LENGTH)
    return { kind: "malformed", reason: "Authorization header is too long" };
  // A comma is no bearer character: it is how repeated Authorization headers arrive joined.
  if (header.includes(",")) return { kind: "malformed", reason: "Send one Authorization header with one credential" };
  const parts = header.trim().split(/\s+/);
  const scheme = parts[0]?.toLowerCase();
  if (scheme !== "bearer" && !(dpop && scheme === "dpop")) {
    return { kind: "malformed", reason: `Authorization scheme must be Bearer${dpop ? " or DPoP" : ""}` };
  }
  if (parts.length !== 2) return { kind: "malformed", reason: "Authorization must carry exactly one bearer token" };
  const token = parts[1]!;
  if (!B64TOKEN.test(token)) return { kind: "malformed", reason: "Bearer token has invalid characters" };
  return { kind: "token", token, scheme: scheme === "dpop" ? "DPoP" : "Bearer" };
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

/** RFC 9449 section 7.1: the DPoP challenge, with the algorithms a proof may be signed with. */
export function dpopChallenge(params: { error?: string; description?: string; algs: readonly string[] }): string {
  const attributes = [`algs=${quote(params.algs.join(" "))}`];
  if (params.error) attributes.push(`error=${quote(params.error)}`);
  if (params.description) attributes.push(`error_description=${quote(params.description)}`);
  return `DPoP ${attributes.join(", ")}`;
}

/**
 * Step 1 of verification: the bearer token of an `Authorization` header, or the RFC 6750 failure
 * (no credentials: 401 with a bare challenge; a malformed header: 400 invalid_request).
 */
export function requireBearerToken(authorization: string | null, credential: "api_token" | "user"): string {
  return requireCredential(authorization, credential).token;
}

/** The same, for an API token that may be bound to a key: its token and how it was presented. */
function requireCredential(
  authorization: string | null,
  credential: "api_token" | "user",
): { token: string; scheme: "Bearer" | "DPoP" } {
  const bearer = parseBearer(authorization, { dpop: credential === "api_token" });
  if (bearer.kind === "missing") {
    throw new DomainError("unauthorized", "Authentication required: send Authorization: Bearer <token>.", {
      credential,
    });
  }
  if (bearer.kind === "malformed") throw new DomainError("invalid_request", bearer.reason, { credential });
  return { token: bearer.token, scheme: bearer.scheme };
}

/**
 * An API token as a request presents it: the token, its scheme, and what a DPoP proof of it must
 * match (the proof itself, the method, and the public URL the client used, without the query).
 */
export function presentedApiToken(request: Request) {
  const { token, scheme } = requireCredential(request.headers.get("authorization"), "api_token");
  return {
    token,
    scheme,
    proof: request.headers.get("dpop"),
    method: request.method,
    url: urls.publicUrl(request.url),
  };
}
