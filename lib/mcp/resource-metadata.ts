import { z } from "zod";
import { DPOP_ALGORITHMS } from "../auth/dpop";
import { audiences } from "../auth/jwt";
import { urls } from "../urls";
import { config } from "../config";
import { SCOPES } from "../scopes";

/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728) for /mcp, or for an organization's upstream
 * server served through Keyway (its own resource; its tokens need the required scopes only).
 */
export function protectedResourceMetadata(server?: { slug: string; name: string }) {
  const { appUrl, mcpRequiredScopes } = config();
  return {
    resource: server ? audiences.server(server.slug) : audiences.mcp(),
    // Keyway's own core app issues the tokens both accept (lib/oauth).
    authorization_servers: [appUrl],
    scopes_supported: server ? [...mcpRequiredScopes] : [...SCOPES],
    bearer_methods_supported: ["header"],
    // RFC 9449 section 5.2: DPoP-bound tokens are taken (with a proof); plain bearer tokens too.
    dpop_signing_alg_values_supported: [...DPOP_ALGORITHMS],
    dpop_bound_access_tokens_required: false,
    resource_name: server ? `${server.name} (through Keyway)` : "Keyway MCP",
    resource_documentation: urls.docs(),
  };
}

export const protectedResourceMetadataSchema = z.object({
  resource: z.url(),
  authorization_servers: z.array(z.url()).min(1),
  scopes_supported: z.array(z.string()),
  bearer_methods_supported: z.array(z.literal("header")),
  dpop_signing_alg_values_supported: z.array(z.string()),
  dpop_bound_access_tokens_required: z.boolean(),
  resource_name: z.string(),
  resource_documentation: z.url(),
});
