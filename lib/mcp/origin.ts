import { config } from "../config";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

function isLoopbackUrl(value: string): boolean {
  try {
    return LOOPBACK.has(new URL(value).hostname);
  } catch {
    return false;
  }
}

/** APP_URL's origin and MCP_ALLOWED_ORIGINS; on a loopback server, also any loopback origin. */
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
  const appHost = new URL(config().appUrl).hostname;
  if (LOOPBACK.has(appHost)) {
    const host = (request.headers.get("host") ?? "").replace(/:\d+$/, "");
    if (host && !LOOPBACK.has(host)) return `Host ${host} is not allowed`;
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
      "Authorization, Content-Type, Accept, Mcp-Session-Id, Mcp-Protocol-Version, Last-Event-ID",
    "Access-Control-Expose-Headers":
      "Mcp-Session-Id, WWW-Authenticate, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset",
    "Access-Control-Max-Age": "600",
    Vary: "Origin",
  };
}
