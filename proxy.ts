import { NextResponse, type NextRequest } from "next/server";

/**
 * The pages' Content-Security-Policy: scripts only from this origin and Next's own inline scripts,
 * which carry a per-request nonce (Next reads it from this request header and stamps its scripts).
 * Styles allow inline attributes (charts and layout set them). No framing, no plugins, no base or
 * form targets elsewhere. `next dev` needs eval for its fast refresh.
 */
export function contentSecurityPolicy(nonce: string, dev = process.env.NODE_ENV === "development"): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https:", // https: for OAuth clients' logos on the consent page
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

// Pages only (the matcher leaves out the APIs and static files): a CSP nonce per response, and
// the requested path for server layouts, so sign-in can send people back where they were.
export function proxy(request: NextRequest) {
  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set("x-keyway-path", request.nextUrl.pathname + request.nextUrl.search);
  headers.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = { matcher: ["/((?!api|mcp|metrics|_next|\\.well-known|icon.svg|apple-touch-icon.png).*)"] };
