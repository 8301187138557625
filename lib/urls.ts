import { config } from "./config";

// Keyway's public URLs, built from APP_URL here and nowhere else: the MCP resources (a token's
// audience, an OAuth resource, the URL a client connects to), their RFC 9728 metadata, the docs.
export const urls = {
  /** Keyway's own MCP endpoint. */
  mcp: () => `${config().appUrl}/mcp`,
  /** An organization's MCP server, served through Keyway (lib/upstream). */
  server: (slug: string) => `${config().appUrl}/mcp/servers/${slug}`,
  /** The slug of a URL under the servers' (a trailing slash allowed), or null for any other URL. */
  serverSlug: (url: string): string | null => {
    const prefix = urls.server("");
    return url.startsWith(prefix) ? url.slice(prefix.length).replace(/\/$/, "") : null;
  },
  /** The RFC 9728 metadata of /mcp, or of a server: the path-aware well-known URL. */
  resourceMetadata: (slug?: string) =>
    `${config().appUrl}/.well-known/oauth-protected-resource/mcp${slug === undefined ? "" : `/servers/${slug}`}`,
  /** How to connect, for people. */
  docs: () => `${config().appUrl}/docs/mcp`,
  /** The public URL of a request this app received (behind a proxy, the one the client used): APP_URL's origin and its path. */
  publicUrl: (requestUrl: string) => `${new URL(config().appUrl).origin}${new URL(requestUrl).pathname}`,
};
