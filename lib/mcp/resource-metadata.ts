import { z } from "zod";
import { config } from "../config";
import { SCOPES } from "../scopes";

/** OAuth 2.0 Protected Resource Metadata (RFC 9728) for /mcp. */
export function protectedResourceMetadata() {
  const { appUrl } = config();
  return {
    resource: `${appUrl}/mcp`,
    // Keyway's own core app issues the tokens /mcp accepts (lib/oauth).
    authorization_servers: [appUrl],
    scopes_supported: [...SCOPES],
    bearer_methods_supported: ["header"],
    resource_name: "Keyway MCP",
    resource_documentation: `${appUrl}/docs/mcp`,
  };
}

export const protectedResourceMetadataSchema = z.object({
  resource: z.url(),
  authorization_servers: z.array(z.url()).min(1),
  scopes_supported: z.array(z.string()),
  bearer_methods_supported: z.array(z.literal("header")),
  resource_name: z.string(),
  resource_documentation: z.url(),
});
