import { isLoopbackHost } from "../net/public-address";

// Redirect URI rules for public clients (OAuth 2.1 section 2.3.1, RFC 8252 sections 7.1 and 7.3):
// an exact match against a registered URI, except that a loopback redirect may use any port,
// since native apps (Claude Code, VS Code, mcp-remote) listen on whatever port is free.

// Schemes a browser would run or read locally instead of handing to an app.
const FORBIDDEN_SCHEMES = new Set([
  "javascript:",
  "data:",
  "file:",
  "vbscript:",
  "about:",
  "blob:",
  "ftp:",
  "ws:",
  "wss:",
]);

/** Why a URI cannot be registered as a redirect URI, or null when it can. */
export function redirectUriProblem(uri: string): string | null {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return `"${uri}" is not an absolute URI`;
  }
  if (url.hash || uri.includes("#")) return `"${uri}" has a fragment`;
  if (url.username || url.password) return `"${uri}" carries credentials`;
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:") {
    return isLoopbackHost(url.hostname) ? null : `"${uri}" uses plain HTTP on a host that is not loopback`;
  }
  if (FORBIDDEN_SCHEMES.has(url.protocol)) return `"${uri}" uses the ${url.protocol} scheme`;
  // A private-use scheme of a native app (cursor://, vscode://, com.example.app:/callback).
  return null;
}

/**
 * Whether a redirect URI sent to the authorization or token endpoint matches a registered one:
 * compared as strings, never after URL normalisation (`/x/%2e%2e/callback` is not `/callback`),
 * except for the port of a loopback redirect (RFC 9700 sections 2.1 and 4.1.3, RFC 8252 section 7.3).
 */
export function matchesRegisteredRedirect(requested: string, registered: readonly string[]): boolean {
  if (registered.includes(requested)) return true;
  const portless = withoutLoopbackPort(requested);
  return portless !== null && registered.some((candidate) => withoutLoopbackPort(candidate) === portless);
}

// `http://` + host + optional `:port` + the rest, read from the text itself.
const LOOPBACK_REDIRECT = /^http:\/\/(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::\d{1,5})?([/?].*)?$/s;

/** A loopback http redirect URI with its port taken out, as text; null for any other URI. */
function withoutLoopbackPort(uri: string): string | null {
  const match = LOOPBACK_REDIRECT.exec(uri);
  if (!match || !isLoopbackHost(match[1]!)) return null;
  return `http://${match[1]}${match[2] ?? ""}`;
}
