import { defineConfig } from "prisma/config";

// Used by the Prisma CLI (generate, and migrate where its native engine is available).
// The app itself applies migrations with the Wasm engine: see lib/db/migrate.ts.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "file:./data/keyway.db" },
});
