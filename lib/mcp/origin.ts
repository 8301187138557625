import { config } from "../config";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

function allowedOrigins(): Set<string> {
  const { appUrl, mcpAllowedOrigins } = config();
  return new Set([new URL(appUrl).origin, ...mcpAllowedOrigins.map((origin) => origin.replace(/\/+$/, ""))]);
}

/**
 * DNS-rebinding protection: a browser page may only reach /mcp from an allowed origin, and a
 * server on a loopback address only answers requests addressed to a loopback host name.
 * Requests without `Origin` (non-browser clients) pass.
 */
export function originProblem(request: Request): string | null {
  const origin = request.headers.get("origin");
  if (origin !== null && !allowedOrigins().has(origin)) return `Origin ${origin} is not allowed`;
  const appHost = new URL(config().appUrl).hostname;
  if (LOOPBACK.has(appHost)) {
    const host = (request.headers.get("host") ?? "").replace(/:\d+$/, "");
    if (host && !LOOPBACK.has(host)) return `Host ${host} is not allowed`;
  }
  return null;
}

export function corsHeaders(request: Request): Record<string, string> {
  const origin = request.headers.get("origin");
  if (origin === null || !allowedOrigins().has(origin)) return {};
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
