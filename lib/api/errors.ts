import { ZodError } from "zod";
import { urls } from "../urls";
import { isUnavailable } from "../db/errors";
import { DomainError, validationError, type ErrorCode } from "../errors";
import { log } from "../log";
import { metrics } from "../metrics/metrics";
import { AuthorizationServerError } from "../oauth/errors";
import { DPOP_ALGORITHMS } from "../auth/dpop";
import { bearerChallenge, dpopChallenge } from "./bearer";

// The edge: every error a REST handler or /mcp answers with HTTP passes through here, once.
// Body `{ error: { code, message, fields? } }`, status by code, and the headers the code implies.
const STATUS_BY_CODE: Record<ErrorCode, number> = {
  bad_request: 400,
  invalid_json: 400,
  validation_error: 400,
  invalid_request: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  second_factor_required: 401,
  invalid_token: 401,
  invalid_dpop_proof: 401,
  forbidden: 403,
  insufficient_scope: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  email_taken: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
};

export function statusOf(code: ErrorCode): number {
  return STATUS_BY_CODE[code];
}

/**
 * The `WWW-Authenticate` challenge an error implies. A failed credential gets its RFC 6750 one
 * (no `error` when none was sent, section 3.1; API-token failures name the resource metadata);
 * any other 401 (a wrong password) the plain realm, since RFC 9110 wants one on every 401.
 */
export function challengeOf(error: DomainError, status: number): string | undefined {
  const { credential, scope, resourceMetadata, scheme } = error.details;
  if (scheme === "DPoP") return dpopChallenge({ error: error.code, description: error.message, algs: DPOP_ALGORITHMS });
  if (credential) {
    const code = error.code === "unauthorized" ? undefined : error.code;
    return bearerChallenge({
      error: code,
      description: code && error.message,
      scope,
      resourceMetadata: credential === "api_token" ? (resourceMetadata ?? urls.resourceMetadata()) : undefined,
    });
  }
  return status === 401 ? bearerChallenge({}) : undefined;
}

/** Any thrown value as a domain error; what is not one is logged for operators and never shown. */
export function asDomainError(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  // An OAuth failure reaching a REST answer (the consent form): the same sentence, REST's shape.
  if (error instanceof AuthorizationServerError) {
    return error.error === "temporarily_unavailable"
      ? new DomainError("service_unavailable", error.description, { retryAfterSeconds: 60 })
      : new DomainError("invalid_request", error.description);
  }
  if (error instanceof ZodError) return validationError(error);
  if (isUnavailable(error)) {
    metrics().storeErrors.inc({ store: "database" });
    log("warn", "api.store_unavailable", {
      reason: error instanceof Error ? error.message.trim().split("\n").at(-1) : String(error),
    });
    return new DomainError("service_unavailable", "The service is temporarily unavailable; retry shortly.", {
      retryAfterSeconds: 1,
    });
  }
  log("error", "api.unhandled_error", { error: error instanceof Error ? error.stack : String(error) });
  return new DomainError("internal_error", "Something went wrong on our side.");
}

function errorBody(error: DomainError) {
  const { fields } = error.details;
  return { error: { code: error.code, message: error.message, ...(fields && { fields }) } };
}

export function errorResponse(thrown: unknown, extraHeaders: Record<string, string> = {}): Response {
  const error = asDomainError(thrown);
  const status = statusOf(error.code);
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  const challenge = challengeOf(error, status);
  if (challenge) headers["WWW-Authenticate"] = challenge;
  if (error.details.retryAfterSeconds !== undefined) headers["Retry-After"] = String(error.details.retryAfterSeconds);
  return Response.json(errorBody(error), { status, headers: { ...headers, ...extraHeaders } });
}
