import { z } from "zod";
import { DPOP_ALGORITHMS } from "../auth/dpop";
import { config } from "../config";
import { urls } from "../urls";
import { SCOPES } from "../scopes";
import { issuer } from "./authorization";
import { ASSERTION_ALGORITHMS } from "./client-credentials";
import { ID_JAG_PROFILE, JWT_BEARER_GRANT } from "./id-jag";
import { TOKEN_EXCHANGE_GRANT } from "./delegation";

/** RFC 8414 authorization server metadata, also served at the OpenID-style path clients try. */
export function authorizationServerMetadata() {
  const { appUrl, oauthAdvertiseIss } = config();
  return {
    issuer: issuer(),
    authorization_endpoint: `${appUrl}/oauth/authorize`,
    token_endpoint: `${appUrl}/oauth/token`,
    registration_endpoint: `${appUrl}/oauth/register`,
    revocation_endpoint: `${appUrl}/oauth/revoke`,
    introspection_endpoint: `${appUrl}/oauth/introspect`,
    // The keys of the caller identities Keyway signs for organizations' upstream MCP servers.
    jwks_uri: `${appUrl}/.well-known/jwks.json`,
    introspection_endpoint_auth_methods_supported: ["client_secret_basic", "private_key_jwt"],
    scopes_supported: [...SCOPES],
    response_types_supported: ["code"],
    response_modes_supported: ["query"],
    // JWT bearer: ID-JAGs and workloads' own JWTs (workload identity federation); token exchange:
    // delegation to a narrower token, and workloads' JWTs again (RFC 8693).
    grant_types_supported: [
      "authorization_code",
      "refresh_token",
      "client_credentials",
      JWT_BEARER_GRANT,
      TOKEN_EXCHANGE_GRANT,
    ],
    // Enterprise-managed authorization: ID-JAGs from an organization's identity provider.
    authorization_grant_profiles_supported: [ID_JAG_PROFILE],
    // `none` for people's apps (public clients); the others for service accounts' and enterprise clients.
    token_endpoint_auth_methods_supported: ["none", "client_secret_basic", "private_key_jwt"],
    token_endpoint_auth_signing_alg_values_supported: ASSERTION_ALGORITHMS,
    revocation_endpoint_auth_methods_supported: ["none"],
    code_challenge_methods_supported: ["S256"],
    // RFC 9449: a DPoP proof at the token endpoint binds the tokens to the client's key.
    dpop_signing_alg_values_supported: [...DPOP_ALGORITHMS],
    // RFC 9207: `iss` is always sent; advertising it is a setting, as some released clients fail when it is.
    authorization_response_iss_parameter_supported: oauthAdvertiseIss,
    client_id_metadata_document_supported: true,
    service_documentation: urls.docs(),
  };
}

export const authorizationServerMetadataSchema = z.object({
  issuer: z.url(),
  authorization_endpoint: z.url(),
  token_endpoint: z.url(),
  registration_endpoint: z.url(),
  revocation_endpoint: z.url(),
  introspection_endpoint: z.url(),
  jwks_uri: z.url(),
  introspection_endpoint_auth_methods_supported: z.array(z.string()),
  scopes_supported: z.array(z.string()),
  response_types_supported: z.array(z.string()),
  response_modes_supported: z.array(z.string()),
  grant_types_supported: z.array(z.string()),
  authorization_grant_profiles_supported: z.array(z.string()),
  token_endpoint_auth_methods_supported: z.array(z.string()),
  token_endpoint_auth_signing_alg_values_supported: z.array(z.string()),
  revocation_endpoint_auth_methods_supported: z.array(z.string()),
  code_challenge_methods_supported: z.array(z.literal("S256")),
  dpop_signing_alg_values_supported: z.array(z.string()),
  authorization_response_iss_parameter_supported: z.boolean(),
  client_id_metadata_document_supported: z.literal(true),
  service_documentation: z.url(),
});
