import { PrismaPg } from "@prisma/adapter-pg";
import { config } from "../config";
import { sqliteAdapter } from "./adapter";
import { storeKindOf } from "./store-kind";
import { PrismaClient as PostgresClient } from "./generated/postgres/client";
import { PrismaClient } from "./generated/sqlite/client";

// Both clients are generated from the same models (the PostgreSQL schema is derived from the
// SQLite one), so they share one API; the SQLite client's types stand for both.
export type Db = PrismaClient;

export function createClient(url: string): Db {
  if (storeKindOf(url) === "postgresql") {
    return new PostgresClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) }) as unknown as Db;
  }
  return new PrismaClient({ adapter: sqliteAdapter(url) });
}

const globalForDb = globalThis as unknown as { keywayDb?: Db };

/** The one Prisma client of this process (cached on globalThis so dev hot reload reuses it). */
export function db(): Db {
  globalForDb.keywayDb ??= createClient(config().databaseUrl);
  return globalForDb.keywayDb;
}
