import { defineConfig } from "prisma/config";
import { storeKindOf } from "./lib/config/store-kind";

// Used by the Prisma CLI (generate, and migrate where its native engine is available). A
// postgresql:// DATABASE_URL selects the derived PostgreSQL schema and its migrations.
// The app itself applies migrations with the Wasm engine: see lib/db/migrate.ts.
const url = process.env.DATABASE_URL ?? "file:./data/keyway.db";
const dir = storeKindOf(url) === "postgresql" ? "prisma/postgres" : "prisma";

export default defineConfig({
  schema: `${dir}/schema.prisma`,
  migrations: { path: `${dir}/migrations` },
  datasource: { url },
});
