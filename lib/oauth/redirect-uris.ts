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

/** Whether a redirect URI sent to the authorization or token endpoint matches a registered one. */
export function matchesRegisteredRedirect(requested: string, registered: readonly string[]): boolean {
  if (registered.includes(requested)) return true;
  let url: URL;
  try {
    url = new URL(requested);
  } catch {
    return false;
  }
  if (url.protocol !== "http:" || !isLoopbackHost(url.hostname)) return false;
  return registered.some((candidate) => {
    const known = URL.parse(candidate);
    if (!known || known.protocol !== "http:" || known.hostname !== url.hostname) return false;
    // Same URI apart from the port.
    known.port = url.port;
    return known.href === url.href;
  });
}
