// OAuth's own error vocabulary (RFC 6749 sections 4.1.2.1 and 5.2, RFC 7591 section 3.2.2,
// RFC 7009 section 2.2.1). Domain code throws these; lib/api/oauth.ts puts them on the wire.
export type AuthorizationErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "unsupported_response_type"
  | "unsupported_token_type"
  | "invalid_scope"
  | "invalid_target"
  | "access_denied"
  | "invalid_redirect_uri"
  | "invalid_client_metadata"
  | "server_error"
  | "temporarily_unavailable"
  // RFC 9449 section 5: a token request's DPoP proof refused, or a nonce asked for.
  | "invalid_dpop_proof"
  | "use_dpop_nonce";

export class AuthorizationServerError extends Error {
  override name = "AuthorizationServerError";

  constructor(
    readonly error: AuthorizationErrorCode,
    readonly description: string,
    /** A client that authenticated with HTTP Basic is answered 401 with a Basic challenge (RFC 6749 5.2). */
    readonly basicChallenge = false,
  ) {
    super(description);
  }
}
