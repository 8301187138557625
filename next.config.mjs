/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Native and Wasm packages load from node_modules at run time rather than through the bundler.
  serverExternalPackages: ["better-sqlite3", "@prisma/schema-engine-wasm", "pg", "ioredis"],
  // On every response, pages and APIs alike; the pages' Content-Security-Policy is set per
  // request in proxy.ts (it carries a nonce).
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        ],
      },
    ];
  },
};

export default nextConfig;
