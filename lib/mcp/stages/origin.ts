import { localhostAllowedHostnames, validateHostHeader } from "@modelcontextprotocol/server";
import { config } from "../../config";

// Stage 1: origin and host (DNS-rebinding protection) and CORS.

const LOOPBACK_HOSTS = localhostAllowedHostnames();
const isLoopbackUrl = (value: string) => {
  try {
    return LOOPBACK_HOSTS.includes(new URL(value).hostname);
  } catch {
    return false;
  }
};

/**
 * APP_URL's origin and MCP_ALLOWED_ORIGINS; on a loopback server, also any loopback origin. By
 * hand: the SDK's `validateOriginHeader` compares host names only, so a page on another port or
 * scheme of an allowed host would pass; an origin is scheme, host and port.
 */
function originAllowed(origin: string): boolean {
  const { appUrl, mcpAllowedOrigins } = config();
  if (origin === new URL(appUrl).origin) return true;
  if (mcpAllowedOrigins.some((allowed) => allowed.replace(/\/+$/, "") === origin)) return true;
  // A page on this machine (another local dev server, the Inspector's UI) is no rebinding attack.
  return isLoopbackUrl(appUrl) && isLoopbackUrl(origin);
}

/**
 * DNS-rebinding protection: a browser page may only reach /mcp from an allowed origin, and a
 * server on a loopback address only answers requests addressed to a loopback host name.
 * Requests without `Origin` (non-browser clients) pass.
 */
export function originProblem(request: Request): string | null {
  const origin = request.headers.get("origin");
  if (origin !== null && !originAllowed(origin)) return `Origin ${origin} is not allowed`;
  const host = request.headers.get("host");
  if (host && isLoopbackUrl(config().appUrl)) {
    const checked = validateHostHeader(host, LOOPBACK_HOSTS);
    if (!checked.ok) return checked.message;
  }
  return null;
}

export function corsHeaders(request: Request): Record<string, string> {
  const origin = request.headers.get("origin");
  if (origin === null || !originAllowed(origin)) return {};
  return {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Allow-Methods": "GET, POST, DELETE, OPTIONS",
    "Access-Control-Allow-Headers":
      "Authorization, DPoP, Content-Type, Accept, Mcp-Session-Id, Mcp-Protocol-Version, Last-Event-ID",
    "Access-Control-Expose-Headers":
      "Mcp-Session-Id, WWW-Authenticate, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset",
    "Access-Control-Max-Age": "600",
    Vary: "Origin",
  };
}
