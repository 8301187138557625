import { urls } from "../../urls";
import { audiences } from "../../auth/jwt";
import type { UpstreamServer } from "../../db/types";

/**
 * The protected resource a request is for: Keyway's own /mcp, or one organization's upstream MCP
 * server. Its URL is its tokens' audience; its RFC 9728 metadata is at the path-aware well-known URL.
 */
export type Resource = { url: string; metadataUrl: string; server: UpstreamServer | null };

export const keywayMcp = (): Resource => ({ url: audiences.mcp(), metadataUrl: urls.resourceMetadata(), server: null });

export function upstreamResource(server: UpstreamServer): Resource {
  // APP_URL/mcp/servers/{slug}: its metadata sits under /mcp's, as its URL sits under /mcp.
  return {
    url: audiences.server(server.slug),
    metadataUrl: urls.resourceMetadata(server.slug),
    server,
  };
}
