import { PrismaPg } from "@prisma/adapter-pg";
import { config } from "../config";
import { sqliteAdapter } from "./adapter";
import { PrismaClient } from "./generated/sqlite/client";

export type Db = PrismaClient;

function createClient(url: string): Db {
  if (/^postgres(ql)?:\/\//.test(url)) {
    // The PostgreSQL client is generated from the derived schema; its API is the same.
    throw new Error("PostgreSQL store is not wired yet");
  }
  return new PrismaClient({ adapter: sqliteAdapter(url) });
}

const globalForDb = globalThis as unknown as { keywayDb?: Db };

/** The one Prisma client of this process (cached on globalThis so dev hot reload reuses it). */
export function db(): Db {
  globalForDb.keywayDb ??= createClient(config().databaseUrl);
  return globalForDb.keywayDb;
}
