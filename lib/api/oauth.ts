import { AuthorizationServerError, type AuthorizationErrorCode } from "../oauth/errors";
import { dpopNonce } from "../auth/dpop";
import { asDomainError, statusOf } from "./errors";
import { readText } from "./parse";

// The edge of the OAuth endpoints: their errors are OAuth's (`{ error, error_description }`,
// RFC 6749 section 5.2), their answers are never cached, and browsers may call them from any
// origin (public clients, no cookies involved).
const STATUS: Partial<Record<AuthorizationErrorCode, number>> = {
  server_error: 500,
  temporarily_unavailable: 503,
};

export const OAUTH_CORS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
  "Access-Control-Allow-Headers": "Content-Type, Authorization, MCP-Protocol-Version, DPoP",
  "Access-Control-Expose-Headers": "DPoP-Nonce",
  "Access-Control-Max-Age": "600",
};

const NO_STORE = { "Cache-Control": "no-store", Pragma: "no-cache" };

export function oauthJson(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { ...NO_STORE, ...OAUTH_CORS } });
}

/** Any thrown value as an OAuth error answer; failures that are not OAuth's keep their status. */
export function oauthErrorResponse(thrown: unknown): Response {
  if (thrown instanceof AuthorizationServerError) {
    const status = thrown.basicChallenge ? 401 : (STATUS[thrown.error] ?? 400);
    const retry = thrown.error === "temporarily_unavailable" ? { "Retry-After": "60" } : undefined;
    const challenge = thrown.basicChallenge ? { "WWW-Authenticate": 'Basic realm="keyway"' } : undefined;
    // RFC 9449 section 8: the nonce the client is to put in its next proof.
    const nonce = thrown.error === "use_dpop_nonce" ? { "DPoP-Nonce": dpopNonce() } : undefined;
    return Response.json(
      { error: thrown.error, error_description: thrown.description },
      { status, headers: { ...NO_STORE, ...OAUTH_CORS, ...retry, ...challenge, ...nonce } },
    );
  }
  const error = asDomainError(thrown);
  const status = statusOf(error.code);
  const code: AuthorizationErrorCode =
    status >= 500 ? (status === 503 ? "temporarily_unavailable" : "server_error") : "invalid_request";
  const retry =
    error.details.retryAfterSeconds === undefined
      ? undefined
      : { "Retry-After": String(error.details.retryAfterSeconds) };
  return Response.json(
    { error: code, error_description: error.message },
    { status, headers: { ...NO_STORE, ...OAUTH_CORS, ...retry } },
  );
}

export function oauthRoute(handler: (request: Request) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    try {
      return await handler(request);
    } catch (error) {
      return oauthErrorResponse(error);
    }
  };
}

export const oauthPreflight = async () => new Response(null, { status: 204, headers: OAUTH_CORS });

const MAX_FORM_BYTES = 16 * 1024;

/** An `application/x-www-form-urlencoded` body (RFC 6749 section 3.2), the only kind the endpoints take. */
export async function readForm(request: Request): Promise<URLSearchParams> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
    throw new AuthorizationServerError("invalid_request", "Send the parameters as application/x-www-form-urlencoded.");
  }
  return new URLSearchParams(await readText(request, MAX_FORM_BYTES));
}
