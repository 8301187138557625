// The route label of a request: its path with every id replaced, from a fixed vocabulary, so a
// caller cannot create new series by inventing paths (and no id or token lands in a label).
const API_WORDS = new Set([
  "api",
  "v2",
  "tokens",
  "validate",
  "usage",
  "requests",
  "rotate",
  "approve",
  "deny",
  "connected-apps",
  "organization",
  "organizations",
  "current",
  "members",
  "invitations",
  "accept",
  "policy",
  "webhook",
  "activity",
  "audit",
  "export",
  "auth",
  "signup",
  "token",
  "password",
  "openapi.json",
  "health",
  "ping",
  "service-accounts",
  "app-approvals",
  "clients",
  "secret",
  "servers",
]);
const PAGES = new Set(["tokens", "tasks", "agents", "organization", "audit", "signin", "signup", "invite", "docs"]);
const MCP = new Set(["/mcp", "/mcp/", "/mcp/initialize", "/mcp/sse", "/mcp/messages"]);
const OAUTH = new Set([
  "/oauth/authorize",
  "/oauth/token",
  "/oauth/register",
  "/oauth/revoke",
  "/oauth/introspect",
  "/oauth/consent",
]);

export function routePattern(url: string): string {
  const path = url.split("?", 1)[0]!;
  if (MCP.has(path)) return path === "/mcp/" ? "/mcp" : path;
  // An upstream server: one pattern for all, since a slug is the organization's word, not a label.
  if (/^\/mcp\/servers\/[^/]+\/?$/.test(path)) return "/mcp/servers/{slug}";
  if (OAUTH.has(path)) return path;
  if (path.startsWith("/.well-known/")) return "/.well-known";
  if (path.startsWith("/_next/")) return "/_next";
  if (path === "/metrics") return path;
  const segments = path.split("/").filter(Boolean);
  if (segments[0] === "api") {
    if (segments.length > 8) return "/api/other";
    return `/${segments.map((segment) => (API_WORDS.has(segment) ? segment : "{id}")).join("/")}`;
  }
  if (segments.length === 0) return "/";
  return PAGES.has(segments[0]!) ? `/${segments[0]}` : "other";
}
