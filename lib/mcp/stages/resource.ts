import { audiences } from "../../auth/jwt";
import { config } from "../../config";
import type { UpstreamServer } from "../../db/types";

/**
 * The protected resource a request is for: Keyway's own /mcp, or one organization's upstream MCP
 * server. Its URL is its tokens' audience; its RFC 9728 metadata is at the path-aware well-known URL.
 */
export type Resource = { url: string; metadataUrl: string; server: UpstreamServer | null };

const metadataUrlOf = (url: string) => {
  const { origin, pathname } = new URL(url);
  return `${origin}/.well-known/oauth-protected-resource${pathname}`;
};

export const keywayMcp = (): Resource => ({
  url: audiences.mcp(),
  metadataUrl: `${config().appUrl}/.well-known/oauth-protected-resource/mcp`,
  server: null,
});

export function upstreamResource(server: UpstreamServer): Resource {
  const url = audiences.server(server.slug);
  return { url, metadataUrl: metadataUrlOf(url), server };
}
