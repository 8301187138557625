import type { ZodError } from "zod";

// The one error domain code throws: what went wrong (a code from this list), a sentence for
// people, and details. It knows nothing of HTTP; the edge (lib/api/errors.ts for REST and /mcp's
// HTTP answers) maps each code to a status, headers and a body.
export const ERROR_CODES = [
  "bad_request",
  "invalid_json",
  "validation_error",
  "invalid_request",
  "unauthorized",
  "invalid_credentials",
  "second_factor_required",
  "invalid_token",
  "invalid_dpop_proof",
  "forbidden",
  "insufficient_scope",
  "not_found",
  "method_not_allowed",
  "conflict",
  "email_taken",
  "payload_too_large",
  "unsupported_media_type",
  "rate_limited",
  "internal_error",
  "service_unavailable",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type ErrorDetails = {
  /** Per-field problems of a validation error. */
  fields?: Record<string, string[]>;
  /** When the caller may try again. */
  retryAfterSeconds?: number;
  /** Which credential an authentication failure is about: an API token (/mcp) or a user's. */
  credential?: "api_token" | "user";
  /** The scopes a refused credential lacks (space-separated, as OAuth writes them). */
  scope?: string;
  /** The RFC 9728 metadata of the resource a refused API token was presented to, when not /mcp's. */
  resourceMetadata?: string;
  /** The Authorization scheme a refusal's challenge names: DPoP for a token bound to a key (RFC 9449). */
  scheme?: "DPoP";
  /** Why a genuine-looking credential was refused, for the operators' counts (lib/metrics). */
  refusal?: "expired" | "revoked" | "policy" | "address";
};

export class DomainError extends Error {
  override name = "DomainError";

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
  }
}

/** One field's problem found past the schema (a policy, an address), said as a schema's would be. */
export function fieldError(field: string, message: string): DomainError {
  return new DomainError("validation_error", `${field}: ${message}`, { fields: { [field]: [message] } });
}

/** A zod failure as a validation error whose message names the first problem and whose `fields` list them all. */
export function validationError(error: ZodError): DomainError {
  const fields: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "body";
    (fields[key] ??= []).push(issue.message);
  }
  const first = error.issues[0];
  const where = first?.path.length ? `${first.path.join(".")}: ` : "";
  return new DomainError("validation_error", `${where}${first?.message ?? "Invalid input"}`, { fields });
}
