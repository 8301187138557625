/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Loaded from node_modules at run time rather than through the bundler: native and Wasm
  // packages, and the libraries most routes share. Bundled, those libraries sat in chunks that
  // Turbopack writes once per group of routes (eight identical copies of one), and the server,
  // which loads every route at start, kept each copy's source: measured, 13 MB less heap.
  // @opentelemetry/api above all: Next's tracer tells whether tracing is on by the tracer
  // provider's class name, which the bundler's minifier drops, so with a bundled copy Next took
  // every request as traced and ran its span machinery for nothing (~40 µs a request, measured).
  serverExternalPackages: [
    "better-sqlite3",
    "@prisma/schema-engine-wasm",
    "pg",
    "ioredis",
    "zod",
    "prom-client",
    "rate-limiter-flexible",
    "jose",
    "@simplewebauthn/server",
    "openid-client",
    "otpauth",
    "@modelcontextprotocol/server",
    "@opentelemetry/api",
  ],
  // The headers every response carries are set by scripts/serve.ts; the pages' Content-Security-
  // Policy is set per request in proxy.ts (it carries a nonce).
};

export default nextConfig;
