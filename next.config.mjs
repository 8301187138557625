/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Native and Wasm packages load from node_modules at run time rather than through the bundler.
  serverExternalPackages: ["better-sqlite3", "@prisma/schema-engine-wasm", "pg", "ioredis"],
};

export default nextConfig;
