import { config } from "../config";
import { SCOPES } from "../tokens/scopes";

/** OAuth 2.0 Protected Resource Metadata (RFC 9728) for /mcp. */
export function protectedResourceMetadata() {
  const { appUrl } = config();
  return {
    resource: `${appUrl}/mcp`,
    scopes_supported: [...SCOPES],
    bearer_methods_supported: ["header"],
    resource_name: "Keyway MCP",
    resource_documentation: `${appUrl}/docs/mcp`,
  };
}
